import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import type { TimelineResponse } from "@/lib/domain/wire/timeline";
import { makeEntry } from "@/test/make-entry";
import { makeCluster, makeRow } from "@/test/make-row";
import { functionDetailQueryOptions } from "../get-function-detail";
import { timelineQueryOptions } from "../timeline/get-timeline";
import { refFromId } from "@/lib/domain/function-ref";
import { applyToQueries, detailOutdatedBy, readStreamMessages } from "./apply-events";

const msg = (type: string, payload: unknown, id: string | null = null) => ({ type, data: JSON.stringify(payload), id });
const REF = { cluster: "prod-eu", namespace: "payments", name: "a" };

const entry = (id: string, at: string): TimelineEntry =>
  makeEntry({ id, cluster: "prod-eu", namespace: "payments", name: "a", uid: "u", at, kind: "state", lane: "k8s:state", value: "Active" });

function withDetail(): { qc: QueryClient; key: readonly unknown[] } {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const key = functionDetailQueryOptions(REF).queryKey;
  const detail = { ...makeRow({ name: "a", statusState: "Pending" }), object: { kind: "Function" }, events: [], eligibility: {}, controller: null, clusterSummary: null } as unknown as FunctionDetail;
  qc.setQueryData(key, detail);
  return { qc, key };
}

describe("readStreamMessages", () => {
  it("hands rows and cluster summaries to the fleet store, in order, with their ids", () => {
    const r = readStreamMessages([msg("row", { id: "prod-eu/payments/a", row: null }, "ep-1"), msg("clusters", { clusters: [makeCluster({ name: "prod-eu" })] }, "ep-2")]);
    expect(r.fleet.map((e) => [e.type, e.id])).toEqual([
      ["row", "ep-1"],
      ["clusters", "ep-2"],
    ]);
    expect(r.reload).toBe(false);
  });

  it("asks to load again on reset and on a payload that does not parse; tells where a fresh connection starts", () => {
    expect(readStreamMessages([msg("reset", { reason: "x" })]).reload).toBe(true);
    expect(readStreamMessages([msg("hello", { resumed: false }, "ep-9")])).toMatchObject({ reload: false, freshFrom: "ep-9" });
    expect(readStreamMessages([msg("hello", { resumed: true }, "ep-9")])).toMatchObject({ reload: false, freshFrom: undefined });
    expect(readStreamMessages([{ type: "row", data: "{not json" }]).reload).toBe(true);
    expect(readStreamMessages([msg("row", { id: 1 })]).reload).toBe(true);
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

describe("applyToQueries", () => {
  it("updates an open detail's row fields and keeps its object, events and eligibility", () => {
    const { qc, key } = withDetail();
    applyToQueries(qc, readStreamMessages([msg("row", { id: "prod-eu/payments/a", row: makeRow({ name: "a", statusState: "Active" }) })]));
    const after = qc.getQueryData<FunctionDetail>(key)!;
    expect(after.statusState).toBe("Active");
    expect(after.object).toEqual({ kind: "Function" });
  });

  it("fetches the detail again only when the object or its AWS state changed, not for a reworded verdict", () => {
    const { qc, key } = withDetail();
    const cached = qc.getQueryData<FunctionDetail>(key)!;
    const same = makeRow({ name: "a", summary: "a new wording of the same verdict" });
    expect(detailOutdatedBy(cached, same)).toBe(false);
    expect(detailOutdatedBy(cached, { ...same, aws: same.aws && { ...same.aws, observedAt: "2030-01-01T00:00:00Z" } })).toBe(false);
    expect(detailOutdatedBy(cached, { ...same, resourceVersion: "43" })).toBe(true);
    expect(detailOutdatedBy(cached, { ...same, aws: same.aws && { ...same.aws, state: "Failed" } })).toBe(true);

    applyToQueries(qc, readStreamMessages([msg("row", { id: "prod-eu/payments/a", row: same })]));
    expect(qc.getQueryState(key)?.isInvalidated).toBe(false);
    applyToQueries(qc, readStreamMessages([msg("row", { id: "prod-eu/payments/a", row: { ...same, resourceVersion: "43" } })]));
    expect(qc.getQueryState(key)?.isInvalidated).toBe(true);
  });

  it("merges new timeline entries into every cached range of that Function, once", () => {
    const qc = new QueryClient();
    const base: TimelineResponse = { functionId: "prod-eu/payments/a", generatedAt: "x", since: null, until: null, entries: [entry("1", "2025-11-26T14:00:00.000Z")], truncated: false };
    qc.setQueryData(timelineQueryOptions(REF, "1h").queryKey, base);
    qc.setQueryData(timelineQueryOptions(REF, "all").queryKey, base);
    const live = [entry("2", "2025-11-26T14:30:00.000Z")];
    applyToQueries(qc, readStreamMessages([msg("timeline", { functionId: "prod-eu/payments/a", entries: live })]));
    applyToQueries(qc, readStreamMessages([msg("timeline", { functionId: "prod-eu/payments/a", entries: live })]));
    for (const range of ["1h", "all"] as const) {
      expect(qc.getQueryData(timelineQueryOptions(REF, range).queryKey)!.entries.map((e) => e.id)).toEqual(["1", "2"]);
    }
  });
});
