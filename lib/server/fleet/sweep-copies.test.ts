/**
 * The verdict sweep compares each unsettled verdict with its row's without making the row's copy
 * of it (at 50,000 Functions ~49,000 are unsettled in the AWS first pass, every 15 s), and that
 * comparison says what comparing the copy did.
 */
import { describe, expect, it, vi } from "vitest";
import { CONDITION, PENDING_MESSAGE } from "@/lib/domain/ack";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { Verdict } from "@/lib/domain/wire/fleet";
import { offlineContext } from "@/test/offline-context";
import type { LambdaReadApi } from "../aws/lambda-api";
import { AwsStateReader } from "../aws/reader";
import { Fleet, sameJson, sameRowVerdict } from "./fleet";
import * as row from "./row";

vi.mock("./row", async (importOriginal) => {
  const original = await importOriginal<typeof import("./row")>();
  return { ...original, rowVerdict: vi.fn(original.rowVerdict) };
});

const T0 = Date.parse("2026-03-01T12:00:00Z");

function fn(name: string, pendingSince: number | null) {
  return {
    apiVersion: "lambda.services.k8s.aws/v1alpha1",
    kind: "Function",
    metadata: { name, namespace: "team-a", uid: `uid-${name}`, resourceVersion: "1", generation: 1, creationTimestamp: new Date(T0 - 3_600_000).toISOString() },
    spec: { name },
    status:
      pendingSince === null
        ? {}
        : { state: "Pending", conditions: [{ type: CONDITION.synced, status: "False", reason: PENDING_MESSAGE, lastTransitionTime: new Date(pendingSince).toISOString() }] },
  };
}

describe("the verdict sweep", () => {
  it("makes no row copy of an unsettled verdict that did not change, and changes no row then", () => {
    const clock = { t: T0 };
    const api: LambdaReadApi = { getFunction: async () => ({ kind: "not-found" }) };
    const aws = new AwsStateReader(api, { requestsPerSecond: 100, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9, now: () => clock.t });
    const fleet = new Fleet([offlineContext("c1")], aws, { settings: DEFAULT_DIAGNOSE_SETTINGS, defaultRegion: null, now: () => clock.t });
    // Unsettled: no status yet (unknown), and Pending long enough to be stuck (its reasons in sentences).
    const objects = Array.from({ length: 200 }, (_, i) => fn(`f${i}`, i % 2 ? T0 - 3_600_000 : null));
    fleet.functionsReplaced("c1", objects);
    const unsettled = fleet.index.rows().filter((r) => r.verdict.health !== "healthy");
    expect(unsettled.length).toBe(200);
    expect(unsettled.some((r) => r.verdict.health === "stuck")).toBe(true);
    const copies = vi.mocked(row.rowVerdict);
    copies.mockClear();
    const version = fleet.index.version;
    clock.t += 20_000; // past the verdicts' 15 s: each is made again
    fleet.sweepVerdicts();
    expect(copies).not.toHaveBeenCalled();
    expect(fleet.index.version).toBe(version);
  });

  it("compares a verdict with a row's as comparing the row's copy of it did", () => {
    const v: Verdict = { health: "stuck", summary: "s", since: null, reasons: [{ code: "a", text: "t", source: "x" }, { code: "b" }], actions: ["request-deletion"] };
    const copy = row.rowVerdict(v);
    const rows: Array<Verdict | undefined> = [
      undefined,
      copy,
      structuredClone(copy),
      v,
      { ...copy, summary: "other" },
      { ...copy, since: "2026-01-01T00:00:00Z" },
      { ...copy, reasons: [{ code: "a" }] },
      { ...copy, reasons: [{ code: "b" }, { code: "a" }] },
      { ...copy, reasons: [{ code: "a", text: undefined }, { code: "b" }] },
      { ...copy, actions: [] },
      { ...copy, driftedFields: ["memorySize"] as Verdict["driftedFields"] },
      { ...copy, driftedFields: undefined },
      { ...copy, health: "failed" },
    ];
    const verdicts: Verdict[] = [v, { ...v, reasons: [] }, { ...v, driftedFields: ["memorySize"] as Verdict["driftedFields"] }, { ...v, reasons: [{ code: "a" }, { code: "b", text: "u" }] }];
    for (const verdict of verdicts) {
      for (const r of rows) expect([verdict, r, sameRowVerdict(verdict, r)]).toEqual([verdict, r, sameJson(row.rowVerdict(verdict), r)]);
    }
  });
});
