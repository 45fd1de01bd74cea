/**
 * The default demo fleet: 3 clusters (prod-us on controller 1.7.3, prod-eu and staging on
 * 1.14.1), 2 accounts, 3 regions, 150 Functions covering every verdict, including the seed
 * case (catalog.ts, SEED_CASE) and an XSS probe. Pure and deterministic from the seed.
 */
import { ANNOTATION } from "@/lib/domain/ack";
import { ROLE_PATTERN } from "../lambda/input";
import { HOUR, MIN, type FnParams } from "./builders";
import { ACCOUNTS, CLUSTERS, PURPOSES, REGIONS, SEED_CASE, SERVICES, XSS_CASE, XSS_PROBE, type ClusterCast } from "./catalog";
import * as I from "./intents";
import { makeRng, type Rng } from "./random";
import type { ClusterPlan, FleetPlan, SeededFunction } from "./types";

export const DEFAULT_SEED = 20433; // aws-controllers-k8s/community#2433

type Build = (p: FnParams, now: number, rng: Rng) => SeededFunction;

interface Slot {
  namespace: string;
  count: number;
  build: Build;
  /** Fixed name instead of a generated one. */
  name?: string;
}

const ago = (now: number, ms: number) => now - ms;
const daysAgo = (rng: Rng, now: number, min: number, max: number) => now - rng.int(min * 24, max * 24) * HOUR - rng.int(0, 59) * MIN;

const healthy: Build = (p) => I.healthy(p);
const stale: Build = (p) => I.stuckStalePending(p);
const awsPending: Build = (p) => I.stuckAwsPending(p);
const terminal: Build = (p) => I.terminalBadRole(p);
const failed = (code: string, reason: string): Build => (p) => I.failedState(p, code, reason);
const failedUpd = (code: string, reason: string): Build => (p, now, rng) => I.failedUpdate(p, code, reason, ago(now, rng.int(1, 48) * HOUR));
const driftMissing: Build = (p) => I.driftMissing(p);
const driftCode: Build = (p) => I.driftCode(p);
const advisory: Build = (p, now, rng) => I.degradedAdvisory(p, ago(now, rng.int(1, 20) * HOUR));
const inactive: Build = (p) => I.degradedInactive(p);
const fresh: Build = (p) => I.progressingFresh(p);
const updating: Build = (p, now) => I.progressingUpdate(p, ago(now, 2 * MIN));
const blockedStale: Build = (p, now, rng) => I.deletionBlockedStale(p, ago(now, rng.int(1, 30) * HOUR));
const blockedUnmapped: Build = (p, now) => I.deletionBlockedUnmapped(p, ago(now, 2 * HOUR));
const noStatus: Build = (p) => I.unknownNoStatus(p);
// Built like healthy (same random draws), then changed in the console: the demo shows field-by-field drift.
/** An environment value of the demo that no response of the dashboard may carry (values never leave the server). */
export const DEMO_ENV_SECRET = "sim-env-value-never-shown-4b1d";
const driftMemoryEnv: Build = (p) =>
  I.driftConfig(p, "memory raised, a debug variable added", { config: { MemorySize: 3008 }, specEnv: { PAYMENT_API_KEY: DEMO_ENV_SECRET }, env: { DEBUG_SQL: `${DEMO_ENV_SECRET}-console` } });
const driftTimeoutTracing: Build = (p) =>
  I.driftConfig(p, "timeout raised, X-Ray tracing on, an owner tag added", { config: { Timeout: 900, TracingConfig: { Mode: "Active" } }, tags: { owner: "oncall" } });
const driftLayer: Build = (p) =>
  I.driftConfig(p, "a layer added", { config: { Layers: [{ Arn: `arn:aws:lambda:${p.region}:${p.account}:layer:debug-agent:7`, CodeSize: 52_000 }] } });
/** Built like healthy: the region annotation is drawn for them too, so the seeded names do not move. */
const HEALTHY_DRAWS = new Set<Build>([healthy, driftMemoryEnv, driftTimeoutTracing, driftLayer]);

/** The seed case (aws-controllers-k8s/community#2433): created 3 h 12 min ago, AWS Active a minute later, deletion requested 40 min ago. */
const seedCase: Build = (p, now) => {
  const s = I.deletionBlockedStale(p, ago(now, 40 * MIN));
  return { ...s, note: "seed case: Pending in Kubernetes for 3 h 12 min while Active in AWS; deletion requested 40 min ago, blocked by the finalizer" };
};

const xssCase: Build = (p) => {
  const role = `arn:aws:iam::${p.account}:role/${XSS_PROBE}`;
  const message = `ValidationException: 1 validation error detected: Value '${role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ROLE_PATTERN.source}`;
  const s = I.terminalBadRole(p, message);
  s.object.spec.role = role;
  return { ...s, note: "XSS probe: the condition message carries HTML" };
};

const PLAN: Record<string, Slot[]> = {
  "prod-eu": [
    { namespace: "payments", count: 11, build: healthy },
    { namespace: "payments", count: 1, build: driftMemoryEnv },
    { namespace: "orders", count: 11, build: healthy },
    { namespace: "search", count: 10, build: healthy },
    { namespace: "platform", count: 9, build: healthy },
    { namespace: "payments", count: 1, build: awsPending },
    { namespace: "orders", count: 1, build: awsPending },
    { namespace: "platform", count: 2, build: terminal },
    { namespace: "orders", count: 1, build: failed("EniLimitExceeded", "Lambda was unable to create a network interface because the ENI limit was reached.") },
    { namespace: "search", count: 1, build: failed("SubnetOutOfIPAddresses", "All subnets of the function's VPC have run out of IP addresses.") },
    { namespace: "payments", count: 1, build: failedUpd("KMSKeyAccessDenied", "Lambda was unable to decrypt the environment variables because KMS access was denied.") },
    { namespace: "search", count: 1, build: driftMissing },
    { namespace: "orders", count: 1, build: driftCode },
    { namespace: "platform", count: 1, build: advisory },
    { namespace: "search", count: 1, build: inactive },
    { namespace: "payments", count: 1, build: fresh },
    { namespace: "orders", count: 1, build: updating },
  ],
  "prod-us": [
    { namespace: "checkout", count: 1, build: seedCase, name: SEED_CASE.name },
    { namespace: "checkout", count: 11, build: healthy },
    { namespace: "checkout", count: 1, build: driftTimeoutTracing },
    { namespace: "notifications", count: 12, build: healthy },
    { namespace: "media", count: 11, build: healthy },
    { namespace: "checkout", count: 2, build: stale },
    { namespace: "notifications", count: 2, build: stale },
    { namespace: "media", count: 1, build: stale },
    { namespace: "notifications", count: 1, build: blockedStale },
    { namespace: "media", count: 1, build: blockedStale },
    { namespace: "media", count: 1, build: terminal },
    { namespace: "checkout", count: 1, build: failed("InsufficientRolePermissions", "The function's execution role does not have permission to call CreateNetworkInterface.") },
    { namespace: "media", count: 1, build: failedUpd("EFSMountFailure", "The function could not mount the configured file system.") },
    { namespace: "notifications", count: 1, build: driftMissing },
    { namespace: "checkout", count: 1, build: driftCode },
    { namespace: "media", count: 1, build: inactive },
    { namespace: "notifications", count: 1, build: fresh },
  ],
  staging: [
    { namespace: "qa", count: 16, build: healthy },
    { namespace: "qa", count: 1, build: driftLayer },
    { namespace: "sandbox", count: 16, build: healthy },
    { namespace: "qa", count: 1, build: awsPending },
    { namespace: "sandbox", count: 1, build: terminal },
    { namespace: "qa", count: 1, build: xssCase, name: XSS_CASE.name },
    { namespace: "qa", count: 1, build: failed("EniLimitExceeded", "Lambda was unable to create a network interface because the ENI limit was reached.") },
    { namespace: "sandbox", count: 1, build: driftMissing },
    { namespace: "qa", count: 1, build: advisory },
    { namespace: "sandbox", count: 1, build: fresh },
    { namespace: "qa", count: 1, build: updating },
    { namespace: "legacy-imports", count: 3, build: noStatus },
    { namespace: "legacy-imports", count: 1, build: blockedUnmapped },
  ],
};

/** When each kind of Function was created, relative to now. */
function createdAtFor(build: Build, now: number, rng: Rng): number {
  if (build === seedCase) return ago(now, 3 * HOUR + 12 * MIN);
  if (build === fresh) return ago(now, 5_000);
  if (build === awsPending) return ago(now, rng.int(20, 90) * MIN);
  if (build === stale) return daysAgo(rng, now, 1, 30);
  return daysAgo(rng, now, 2, 180);
}

export function uniqueName(rng: Rng, taken: Set<string>): string {
  for (let i = 0; ; i++) {
    const base = `${rng.pick(SERVICES)}-${rng.pick(PURPOSES)}`;
    const name = i < 20 ? base : `${base}-${i}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function buildCluster(cast: ClusterCast, slots: Slot[], now: number, rng: Rng): ClusterPlan {
  const taken = new Map<string, Set<string>>();
  const functions: SeededFunction[] = [];
  for (const slot of slots) {
    const ns = cast.namespaces.find((n) => n.name === slot.namespace)!;
    const names = taken.get(ns.name) ?? new Set<string>();
    taken.set(ns.name, names);
    for (let i = 0; i < slot.count; i++) {
      const name = slot.name ?? uniqueName(rng, names);
      names.add(name);
      const annotated = HEALTHY_DRAWS.has(slot.build) && rng.chance(0.1) ? rng.pick(REGIONS) : undefined;
      const region = annotated ?? ns.annotations[ANNOTATION.namespaceDefaultRegion] ?? cast.defaultRegion;
      const account = ns.annotations[ANNOTATION.ownerAccountId] ?? cast.defaultAccountId;
      const p: FnParams = { cluster: cast, namespace: ns.name, name, account, region, createdAt: createdAtFor(slot.build, now, rng), rng };
      const seeded = slot.build(p, now, rng);
      if (annotated) seeded.object.metadata.annotations = { ...(seeded.object.metadata.annotations ?? {}), [ANNOTATION.region]: annotated };
      functions.push(seeded);
    }
  }
  return {
    name: cast.name,
    controllerVersion: cast.controllerVersion,
    defaultRegion: cast.defaultRegion,
    defaultAccountId: cast.defaultAccountId,
    namespaces: cast.namespaces.map((n) => ({ name: n.name, annotations: { ...n.annotations } })),
    functions,
  };
}

export function buildDemoPlan(opts: { seed?: number; now: number }): FleetPlan {
  const seed = opts.seed ?? DEFAULT_SEED;
  const rng = makeRng(seed);
  return {
    seed,
    builtAt: new Date(opts.now).toISOString(),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    regions: [...REGIONS],
    clusters: CLUSTERS.map((c) => buildCluster(c, PLAN[c.name], opts.now, rng)),
  };
}
