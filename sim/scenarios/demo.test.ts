import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, CONDITION, PENDING_MESSAGE } from "@/lib/domain/ack";
import { HEALTH_VALUES } from "@/lib/domain/health";
import { SEED_CASE, XSS_CASE, XSS_PROBE } from "./catalog";
import { buildDemoPlan } from "./demo";
import { buildLargePlan } from "./large";
import type { FleetPlan } from "./types";

const NOW = Date.parse("2025-06-01T12:00:00.000Z");
const ids = (p: FleetPlan) => p.clusters.flatMap((c) => c.functions.map((f) => `${c.name}/${f.object.metadata.namespace}/${f.object.metadata.name}:${f.intent}`));

describe("buildDemoPlan", () => {
  const plan = buildDemoPlan({ seed: 7, now: NOW });

  it("has 3 clusters, one on 1.7.3 and two on 1.14.1, and 150 Functions", () => {
    expect(plan.clusters.map((c) => [c.name, c.controllerVersion])).toEqual([
      ["prod-eu", "1.14.1"],
      ["prod-us", "1.7.3"],
      ["staging", "1.14.1"],
    ]);
    expect(plan.clusters.reduce((n, c) => n + c.functions.length, 0)).toBe(150);
    expect(new Set(plan.clusters.flatMap((c) => c.functions.map((f) => f.aws?.accountId).filter(Boolean))).size).toBe(2);
    expect(new Set(plan.clusters.flatMap((c) => c.functions.map((f) => f.aws?.region).filter(Boolean))).size).toBe(3);
  });

  it("covers every verdict", () => {
    const intents = new Set(plan.clusters.flatMap((c) => c.functions.map((f) => f.intent)));
    expect([...intents].sort()).toEqual([...HEALTH_VALUES].sort());
  });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(ids(buildDemoPlan({ seed: 7, now: NOW }))).toEqual(ids(plan));
    expect(ids(buildDemoPlan({ seed: 8, now: NOW }))).not.toEqual(ids(plan));
  });

  it("keeps names unique per namespace and AWS names unique per account and region", () => {
    const k8s = ids(plan);
    expect(new Set(k8s).size).toBe(k8s.length);
    const aws = plan.clusters.flatMap((c) => c.functions.filter((f) => f.aws).map((f) => `${f.aws!.accountId}/${f.aws!.region}/${f.aws!.config.FunctionName}`));
    expect(new Set(aws).size).toBe(aws.length);
  });

  it("contains the seed case: 3 h 12 min old, stale Pending, deletion requested 40 min ago, finalizer kept, Active in AWS", () => {
    const cluster = plan.clusters.find((c) => c.name === SEED_CASE.cluster)!;
    const seed = cluster.functions.find((f) => f.object.metadata.namespace === SEED_CASE.namespace && f.object.metadata.name === SEED_CASE.name)!;
    expect(seed.intent).toBe("deletion-blocked");
    const m = seed.object.metadata;
    expect(NOW - Date.parse(m.creationTimestamp!)).toBe((3 * 60 + 12) * 60_000);
    expect(NOW - Date.parse(m.deletionTimestamp!)).toBe(40 * 60_000);
    expect(m.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(seed.object.status?.state).toBe("Pending");
    const recoverable = seed.object.status?.conditions?.find((c) => c.type === CONDITION.recoverable);
    expect(recoverable).toMatchObject({ status: "True", message: PENDING_MESSAGE });
    expect(seed.aws?.config.State).toBe("Active");
    expect(seed.aws?.force).toBeUndefined();
  });

  it("carries the XSS probe in a condition message", () => {
    const cluster = plan.clusters.find((c) => c.name === XSS_CASE.cluster)!;
    const fn = cluster.functions.find((f) => f.object.metadata.name === XSS_CASE.name)!;
    expect(fn.object.status?.conditions?.some((c) => c.message?.includes(XSS_PROBE))).toBe(true);
  });
});

describe("buildLargePlan", () => {
  it("builds up to 50,000 Functions over 3 clusters quickly, with every verdict but mostly healthy", () => {
    const started = Date.now();
    const plan = buildLargePlan({ count: 60_000, seed: 1, now: NOW }); // capped at 50,000
    const elapsed = Date.now() - started;
    const all = plan.clusters.flatMap((c) => c.functions);
    expect(all).toHaveLength(50_000);
    expect(plan.clusters.map((c) => c.functions.length)).toEqual([16_667, 16_667, 16_666]);
    const healthy = all.filter((f) => f.intent === "healthy").length;
    expect(healthy / all.length).toBeGreaterThan(0.85);
    expect(new Set(all.map((f) => f.intent)).size).toBe(HEALTH_VALUES.length);
    expect(elapsed).toBeLessThan(15_000);
  });

  it("is deterministic for a seed", () => {
    expect(ids(buildLargePlan({ count: 300, seed: 3, now: NOW }))).toEqual(ids(buildLargePlan({ count: 300, seed: 3, now: NOW })));
  });
});
