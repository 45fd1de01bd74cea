/**
 * A row's JSON text is made once: a row copied only to flip its `stale` flag (every row of a
 * cluster when its first list completes) carries a text derived from the one already made, the
 * same text JSON.stringify(listedRowWire(row)) gives, without making the row's wire form again.
 */
import { describe, expect, it, vi } from "vitest";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { RowIndex } from "./row-index";

const made = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/domain/wire/fleet", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/domain/wire/fleet")>();
  return {
    ...real,
    listedRowWire: (row: Parameters<typeof real.listedRowWire>[0]) => {
      made.count++;
      return real.listedRowWire(row);
    },
  };
});

const { listedRowWire } = await vi.importActual<typeof import("@/lib/domain/wire/fleet")>("@/lib/domain/wire/fleet");
const truth = (row: FunctionRow) => JSON.stringify(listedRowWire(row));

const ROWS: Array<[string, FunctionRow]> = [
  ["plain", makeRow({ name: "plain" })],
  ["with observedAt", makeRow({ name: "observed", observedAt: "2025-11-26T14:59:58.123Z" })],
  ["without AWS", makeRow({ name: "no-aws", noAws: true })],
  ["being deleted, observed", makeRow({ name: "going", deletionTimestamp: "2025-11-26T14:00:00Z", observedAt: "2025-11-26T14:59:58.123Z" })],
  // Text that looks like the flag inside a string value: escaped there, never the flag.
  ["a message naming the flag", makeRow({ name: "tricky", health: "terminal", conditionMessage: 'bad: ,"stale":true and ,"observedAt":"x"', awsError: { code: "X", message: ',"stale":true' } })],
];

describe("a row's JSON text across its stale flag", () => {
  it.each(ROWS)("%s: stale → not stale → stale, each text made from the last, equal to the row's own", (_what, base) => {
    const index = new RowIndex();
    const stale = { ...base, stale: true };
    const first = index.rowJson(stale);
    expect(first).toBe(truth(stale));
    made.count = 0;
    const connected = index.withStale(stale, false);
    expect(connected.stale).toBe(false);
    expect(index.rowJson(connected)).toBe(truth(connected));
    const disconnected = index.withStale(connected, true);
    expect(index.rowJson(disconnected)).toBe(truth(disconnected));
    // Neither text was made from the row's wire form again.
    expect(made.count).toBe(0);
  });

  it("a row whose text was never made gets it made when first asked", () => {
    const index = new RowIndex();
    const row = index.withStale({ ...makeRow({ name: "fresh" }), stale: true }, false);
    made.count = 0;
    expect(index.rowJson(row)).toBe(truth(row));
    expect(made.count).toBe(1);
  });
});

describe("a cluster's rows when its first list completes", () => {
  it("keep the JSON text made while they were stale: no row's wire form is made again at the connect", async () => {
    const { DEFAULT_DIAGNOSE_SETTINGS } = await import("@/lib/domain/diagnose-settings");
    const { AwsStateReader } = await import("../aws/reader");
    const { Fleet } = await import("./fleet");
    const { offlineContext } = await import("@/test/offline-context");
    const aws = new AwsStateReader({ getFunction: async () => ({ kind: "not-found" }) }, { requestsPerSecond: 100, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9 });
    const fleet = new Fleet([offlineContext("c1")], aws, { settings: DEFAULT_DIAGNOSE_SETTINGS });
    const objs = Array.from({ length: 50 }, (_, i) => ({
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name: `fn-${i}`, namespace: "team-a", uid: `uid-${i}`, resourceVersion: "1", generation: 1, creationTimestamp: "2026-03-01T11:00:00Z" },
      spec: { name: `fn-${i}` },
      status: {},
    }));
    fleet.functionsPage("c1", objs, true);
    fleet.functionsListed("c1");
    // What the live hub does with each row event while the cluster is still connecting.
    const before = fleet.rows();
    expect(before.every((r) => r.stale)).toBe(true);
    for (const r of before) fleet.index.rowJson(r);
    made.count = 0;
    const conn = fleet.clusters.get("c1")!;
    conn.state = { connected: true, lastSyncAt: Date.now(), error: null };
    fleet.clusterChanged("c1", "connection");
    const after = fleet.rows();
    expect(after).toHaveLength(50);
    expect(after.every((r) => !r.stale)).toBe(true);
    for (const r of after) expect(fleet.index.rowJson(r)).toBe(truth(r));
    expect(made.count).toBe(0);
  });
});
