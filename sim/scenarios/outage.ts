/**
 * An outage of the v1.7.3 Pending bug in one namespace (community#2433): `count` Functions, each
 * stale Pending while Active in AWS, deletion requested and blocked by the finalizer; what an
 * operator meets before a batch remediation. Put into a running simulated fleet (the e2e control
 * API), named `{prefix}-01` … so a test finds them.
 */
import { ANNOTATION } from "@/lib/domain/ack";
import { CLUSTERS } from "./catalog";
import { HOUR, MIN, type FnParams } from "./builders";
import { deletionBlockedStale } from "./intents";
import { makeRng } from "./random";
import type { SeededFunction } from "./types";

export const MAX_OUTAGE = 100;

export function outageFunctions(opts: { cluster: string; namespace: string; count: number; prefix: string; now: number; seed?: number }): SeededFunction[] {
  const cast = CLUSTERS.find((c) => c.name === opts.cluster);
  const ns = cast?.namespaces.find((n) => n.name === opts.namespace);
  if (!cast || !ns) throw new Error(`no namespace ${opts.namespace} in cluster ${opts.cluster}`);
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > MAX_OUTAGE) throw new Error(`count must be 1 to ${MAX_OUTAGE}`);
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(opts.prefix)) throw new Error("prefix must be a short DNS label");
  const rng = makeRng(opts.seed ?? 2433);
  const region = ns.annotations[ANNOTATION.namespaceDefaultRegion] ?? cast.defaultRegion;
  const account = ns.annotations[ANNOTATION.ownerAccountId] ?? cast.defaultAccountId;
  return Array.from({ length: opts.count }, (_, i) => {
    const p: FnParams = { cluster: cast, namespace: ns.name, name: `${opts.prefix}-${String(i + 1).padStart(2, "0")}`, account, region, createdAt: opts.now - 5 * HOUR, rng };
    return deletionBlockedStale(p, opts.now - 30 * MIN);
  });
}
