import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import type { TimelineEntry } from "@/lib/domain/timeline/entry";
import type { TimelineResponse } from "@/lib/domain/wire/timeline";
import { functionsQueryOptions } from "../get-functions";
import { functionDetailQueryOptions } from "../get-function-detail";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { makeCluster, makeRow } from "@/test/make-row";
import { timelineQueryOptions } from "../timeline/get-timeline";
import { applyStreamMessages, refFromId } from "./apply-events";

const listKey = functionsQueryOptions().queryKey;
const msg = (type: string, payload: unknown) => ({ type, data: JSON.stringify(payload) });

function client(): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const list: FunctionListResponse = {
    generatedAt: "2025-11-26T15:00:00Z",
    clusters: [makeCluster({ name: "prod-eu" })],
    items: [makeRow({ name: "a" }), makeRow({ name: "b" })],
    total: 2,
  };
  qc.setQueryData(listKey, list);
  return qc;
}

const entry = (id: string, at: string): TimelineEntry => ({
  id,
  cluster: "prod-eu",
  namespace: "payments",
  name: "a",
  uid: "u",
  at,
  observedAt: at,
  kind: "state",
  lane: "k8s:state",
  value: "Active",
  reason: null,
  message: null,
  source: "observed",
  detail: null,
});

describe("applyStreamMessages", () => {
  it("replaces, adds and removes rows in the list in one pass", () => {
    const qc = client();
    const changed = makeRow({ name: "a", statusState: "Active", health: "healthy" });
    const added = makeRow({ name: "c" });
    const r = applyStreamMessages(qc, [
      msg("row", { id: changed.id, row: changed }),
      msg("row", { id: "prod-eu/payments/b", row: null }),
      msg("row", { id: added.id, row: added }),
    ]);
    expect(r).toMatchObject({ refetchAll: false, rows: 3 });
    const list = qc.getQueryData(listKey)!;
    expect(list.items.map((i) => [i.name, i.statusState])).toEqual([
      ["a", "Active"],
      ["c", added.statusState],
    ]);
    expect(list.total).toBe(2);
  });

  it("updates the cached detail's row fields and keeps the rest", () => {
    const qc = client();
    const ref = { cluster: "prod-eu", namespace: "payments", name: "a" };
    const detail = { ...makeRow({ name: "a", statusState: "Pending" }), object: { kind: "Function" }, events: [], eligibility: {}, controller: null, clusterSummary: null } as unknown as FunctionDetail;
    qc.setQueryData(functionDetailQueryOptions(ref).queryKey, detail);
    applyStreamMessages(qc, [msg("row", { id: "prod-eu/payments/a", row: makeRow({ name: "a", statusState: "Active" }) })]);
    const after = qc.getQueryData(functionDetailQueryOptions(ref).queryKey)!;
    expect(after.statusState).toBe("Active");
    expect(after.object).toEqual({ kind: "Function" });
  });

  it("merges new timeline entries into every cached range of that Function, once", () => {
    const qc = client();
    const ref = { cluster: "prod-eu", namespace: "payments", name: "a" };
    const base: TimelineResponse = { functionId: "prod-eu/payments/a", generatedAt: "x", since: null, until: null, entries: [entry("1", "2025-11-26T14:00:00.000Z")], truncated: false };
    qc.setQueryData(timelineQueryOptions(ref, "1h").queryKey, base);
    qc.setQueryData(timelineQueryOptions(ref, "all").queryKey, base);
    const live = [entry("2", "2025-11-26T14:30:00.000Z")];
    applyStreamMessages(qc, [msg("timeline", { functionId: "prod-eu/payments/a", entries: live })]);
    applyStreamMessages(qc, [msg("timeline", { functionId: "prod-eu/payments/a", entries: live })]);
    for (const range of ["1h", "all"] as const) {
      expect(qc.getQueryData(timelineQueryOptions(ref, range).queryKey)!.entries.map((e) => e.id)).toEqual(["1", "2"]);
    }
  });

  it("asks for a refetch on reset, on a fresh connection and on a payload that does not parse", () => {
    const qc = client();
    expect(applyStreamMessages(qc, [msg("reset", { reason: "x" })]).refetchAll).toBe(true);
    expect(applyStreamMessages(qc, [msg("hello", { resumed: false })]).refetchAll).toBe(true);
    expect(applyStreamMessages(qc, [msg("hello", { resumed: true })]).refetchAll).toBe(false);
    expect(applyStreamMessages(qc, [{ type: "row", data: "{not json" }]).refetchAll).toBe(true);
    expect(applyStreamMessages(qc, [msg("row", { id: 1 })]).refetchAll).toBe(true);
  });

  it("reads cluster names that hold slashes (EKS ARNs)", () => {
    expect(refFromId("arn:aws:eks:eu-west-1:123456789012:cluster/prod/payments/a")).toEqual({
      cluster: "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
      namespace: "payments",
      name: "a",
    });
    expect(refFromId("nope")).toBeNull();
  });
});

describe("clusters events and stale rows", () => {
  it("marks a disconnected cluster's rows stale and clears it when it comes back", () => {
    const qc = client();
    applyStreamMessages(qc, [msg("clusters", { clusters: [makeCluster({ name: "prod-eu", connected: false, error: "connection refused" })] })]);
    let list = qc.getQueryData<FunctionListResponse>(listKey)!;
    expect(list.items.map((r) => r.stale)).toEqual([true, true]);
    expect(list.clusters[0].connected).toBe(false);
    applyStreamMessages(qc, [msg("clusters", { clusters: [makeCluster({ name: "prod-eu", connected: true })] })]);
    list = qc.getQueryData<FunctionListResponse>(listKey)!;
    expect(list.items.map((r) => r.stale)).toEqual([false, false]);
  });
});

describe("AWS account statuses on the stream", () => {
  it("replaces the list's awsAccounts when a clusters event carries them", () => {
    const qc = client();
    const throttled = { accountId: "111122223333", region: "eu-west-1", error: { code: "TooManyRequestsException", message: "throttled", at: "2025-11-26T15:00:00Z" }, throttledUntil: null, requests: 3 };
    applyStreamMessages(qc, [msg("clusters", { clusters: [makeCluster({ name: "prod-eu" })], awsAccounts: [throttled] })]);
    expect(qc.getQueryData<FunctionListResponse>(listKey)!.awsAccounts).toEqual([throttled]);
    applyStreamMessages(qc, [msg("clusters", { clusters: [makeCluster({ name: "prod-eu" })], awsAccounts: [{ ...throttled, error: null }] })]);
    expect(qc.getQueryData<FunctionListResponse>(listKey)!.awsAccounts?.[0].error).toBeNull();
  });
});
