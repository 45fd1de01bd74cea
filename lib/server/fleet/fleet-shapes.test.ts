/**
 * The fleet's objects per Function share their hidden classes: an object with a map of its own
 * costs a map and a descriptor array besides itself (bench:memory's heap snapshot showed 765 B
 * per Function of "DescriptorArray", one map per Function's facts, made by an object spread
 * that added a property).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import { buildLargePlan } from "@/sim/scenarios";
import { hasFastProperties, hiddenClassCount } from "@/test/hidden-classes";
import { AwsStateReader } from "../aws/reader";
import { Fleet } from "./fleet";
import { offlineContext } from "@/test/offline-context";

describe("Fleet memory per Function", () => {
  it("gives the facts of every Function (with since when their conditions hold) a few shared hidden classes, not one each", () => {
    const plan = buildLargePlan({ count: 300, seed: 7, now: Date.parse("2026-03-01T12:00:00Z") });
    const aws = new AwsStateReader({ getFunction: async () => ({ kind: "not-found" }) }, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9 });
    const fleet = new Fleet(plan.clusters.map((c) => offlineContext(c.name)), aws, { settings: DEFAULT_DIAGNOSE_SETTINGS });
    // As a watch delivers them: each object parsed from its own text.
    for (const c of plan.clusters) fleet.functionsReplaced(c.name, c.functions.map((f) => JSON.parse(JSON.stringify(f.object)) as unknown));
    const facts = fleet.rows().map((r) => fleet.facts(r.id)!);
    expect(facts.length).toBe(300);
    const withFirstSeen = facts.filter((f) => f.conditionsFirstSeen);
    expect(withFirstSeen.length).toBeGreaterThan(200);
    expect(hiddenClassCount(withFirstSeen)).toBeLessThanOrEqual(4);
    expect(hiddenClassCount(facts)).toBeLessThanOrEqual(6);
    // Shared, and not by falling back to a dictionary per object (about 1.6 KB each).
    expect(facts.every(hasFastProperties)).toBe(true);
  });
});
