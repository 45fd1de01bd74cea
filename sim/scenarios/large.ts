/**
 * Large fleets for benchmarks: up to 50,000 Functions over the 3 demo clusters, mostly
 * healthy with every verdict represented, seeded straight into the stores (no HTTP).
 * Deterministic from the seed.
 */
import { ANNOTATION } from "@/lib/domain/ack";
import { HOUR, MIN, type FnParams } from "./builders";
import { ACCOUNTS, CLUSTERS, PURPOSES, REGIONS, SERVICES, STALE_CONTROLLER_VERSION, type ClusterCast } from "./catalog";
import * as I from "./intents";
import { makeRng, type Rng } from "./random";
import type { ClusterPlan, FleetPlan, SeededFunction } from "./types";

export const MAX_LARGE_FLEET = 50_000;
const EXTRA_NAMESPACES = 20;

type Build = (p: FnParams, now: number, rng: Rng) => SeededFunction;

/** Cumulative weights per verdict; the rest is healthy. */
function pickBuild(rng: Rng, cast: ClusterCast): Build {
  const r = rng.next();
  const stale = cast.controllerVersion === STALE_CONTROLLER_VERSION;
  if (r < 0.03) return stale ? (p) => I.stuckStalePending(p) : (p) => I.stuckAwsPending(p);
  if (r < 0.04) return stale ? (p, now, g) => I.deletionBlockedStale(p, now - g.int(10, 600) * MIN) : (p, now) => I.deletionBlockedUnmapped(p, now - HOUR);
  if (r < 0.06) return (p) => I.terminalBadRole(p);
  if (r < 0.07) return (p) => I.failedState(p, "EniLimitExceeded", "Lambda was unable to create a network interface because the ENI limit was reached.");
  if (r < 0.08) return (p, now) => I.failedUpdate(p, "KMSKeyAccessDenied", "Lambda was unable to decrypt the environment variables because KMS access was denied.", now - 3 * HOUR);
  if (r < 0.09) return (p) => I.driftCode(p);
  if (r < 0.095) return (p) => I.driftMissing(p);
  if (r < 0.105) return (p) => I.degradedInactive(p);
  if (r < 0.11) return (p, now) => I.progressingUpdate(p, now - MIN);
  if (r < 0.115) return (p) => I.unknownNoStatus(p);
  return (p) => I.healthy(p);
}

function namespacesOf(cast: ClusterCast): Array<{ name: string; annotations: Record<string, string> }> {
  const extra = Array.from({ length: EXTRA_NAMESPACES }, (_, i) => ({ name: `team-${String(i + 1).padStart(2, "0")}`, annotations: {} }));
  // legacy-imports belongs to an account nobody can reach: left out of the spread.
  return [...cast.namespaces.filter((n) => n.name !== "legacy-imports"), ...extra];
}

export function buildLargePlan(opts: { count: number; seed: number; now: number }): FleetPlan {
  const count = Math.max(0, Math.min(MAX_LARGE_FLEET, Math.floor(opts.count)));
  const rng = makeRng(opts.seed);
  const clusters: ClusterPlan[] = CLUSTERS.map((cast) => ({
    name: cast.name,
    controllerVersion: cast.controllerVersion,
    defaultRegion: cast.defaultRegion,
    defaultAccountId: cast.defaultAccountId,
    namespaces: namespacesOf(cast),
    functions: [],
  }));
  for (let i = 0; i < count; i++) {
    const plan = clusters[i % clusters.length];
    const cast = CLUSTERS[i % clusters.length];
    const ns = rng.pick(plan.namespaces);
    const region = ns.annotations[ANNOTATION.namespaceDefaultRegion] ?? (rng.chance(0.2) ? rng.pick(REGIONS) : cast.defaultRegion);
    const account = ns.annotations[ANNOTATION.ownerAccountId] ?? cast.defaultAccountId;
    const name = `${rng.pick(SERVICES)}-${rng.pick(PURPOSES)}-${i.toString(36)}`;
    const createdAt = opts.now - rng.int(1, 365 * 24) * HOUR;
    const p: FnParams = { cluster: cast, namespace: ns.name, name, account, region, createdAt, rng };
    const seeded = pickBuild(rng, cast)(p, opts.now, rng);
    if (region !== (ns.annotations[ANNOTATION.namespaceDefaultRegion] ?? cast.defaultRegion)) {
      seeded.object.metadata.annotations = { ...(seeded.object.metadata.annotations ?? {}), [ANNOTATION.region]: region };
    }
    plan.functions.push(seeded);
  }
  return { seed: opts.seed, builtAt: new Date(opts.now).toISOString(), accounts: ACCOUNTS.map((a) => ({ ...a })), regions: [...REGIONS], clusters };
}
