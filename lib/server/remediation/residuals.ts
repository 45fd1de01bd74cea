import "server-only";
import { ACK_TAG } from "@/lib/domain/ack";
import { eligibility } from "@/lib/domain/eligibility";
import type { Residual } from "@/lib/domain/wire/remediation";
import type { AuditEntry, AuditLog } from "../store/audit";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { awsStateOf } from "./prepare";
import type { AwsFunctionRef, RemediationWorld } from "./world";

/**
 * What remediation left behind in AWS: the functions of Functions whose finalizer the
 * dashboard removed (or that were retained and deleted), whose object is gone and which still
 * exist, from the audit log, each re-read in AWS now. The runbook's last step ("clean up what
 * is left") offers delete-aws-function for them. At most MAX_CHECKED AWS reads per call,
 * and answers are reused for CACHE_MS.
 */
export type { Residual };

const MAX_CHECKED = 20;
const CACHE_MS = 5_000;

const LEAVES_RESIDUAL = new Set(["remove-finalizer", "retain-and-delete"]);

function awsOf(e: AuditEntry): AwsFunctionRef | null {
  const a = (e.preconditions as { aws?: Partial<AwsFunctionRef> }).aws;
  if (!a || typeof a.accountId !== "string" || typeof a.region !== "string" || typeof a.functionName !== "string") return null;
  return { accountId: a.accountId, region: a.region, functionName: a.functionName, arn: typeof a.arn === "string" ? a.arn : null };
}

const locKey = (a: AwsFunctionRef) => `${a.accountId}/${a.region}/${a.functionName}`;

/** Finds residuals; one per remediation service, so that its short cache is that service's. */
export class ResidualFinder {
  private cache: { key: string; at: number; value: Residual[] } | null = null;

  constructor(
    private readonly world: RemediationWorld,
    private readonly audit: AuditLog,
  ) {}

  async find(filter: Partial<FunctionRef>): Promise<Residual[]> {
    const { world, audit } = this;
    const key = JSON.stringify(filter);
    const now = world.now();
    const cache = this.cache;
    if (cache && cache.key === key && now - cache.at < CACHE_MS) return cache.value;
    const base = { cluster: filter.cluster, namespace: filter.namespace, name: filter.name, outcome: "succeeded" as const, limit: 2_000 };
    // Newest first: per AWS function, the latest succeeded outcome decides. A clean-up older than
    // the latest finalizer removal does not hide it (the same name can be created and left again).
    const done = (await audit.list(base)).filter((e) => e.phase === "outcome");
    const decided = new Set<string>();
    const candidates: Array<{ entry: AuditEntry; aws: AwsFunctionRef }> = [];
    // An object whose finalizer was just removed may still be in the fleet for a moment: do not cache then.
    let settled = true;
    for (const entry of done) {
      const aws = awsOf(entry);
      if (!aws || decided.has(locKey(aws))) continue;
      if (entry.action === "delete-aws-function") {
        decided.add(locKey(aws));
        continue;
      }
      if (!LEAVES_RESIDUAL.has(entry.action)) continue;
      decided.add(locKey(aws));
      // Only when no live object manages it any more (the object may have been created again).
      const owners = world.liveOwners(aws);
      if (owners.length) {
        if (owners.includes(`${entry.cluster}/${entry.namespace}/${entry.name}`)) settled = false;
        continue;
      }
      candidates.push({ entry, aws });
      if (candidates.length >= MAX_CHECKED) break;
    }
    const out: Residual[] = [];
    for (const { entry, aws } of candidates) {
      const live = await world.lambda.readFunction(aws);
      // Gone from AWS: nothing left. Unreadable: listed, blocked, so it is not forgotten.
      if (live.kind === "not-found") continue;
      const target = { cluster: entry.cluster, namespace: entry.namespace, name: entry.name };
      const e = eligibility("delete-aws-function", null, awsStateOf(live, now), world.cluster(entry.cluster)?.controller ?? null, now, world.settings);
      const found = live.kind === "found" ? live : { arn: null, state: null, revisionId: null, tags: {} as Record<string, string> };
      const taggedNs = found.tags[ACK_TAG.namespace];
      if (taggedNs && taggedNs !== entry.namespace) e.blockers.push(`ACK created it for namespace ${taggedNs}, not ${entry.namespace}.`);
      out.push({
        target,
        aws: { ...aws, arn: found.arn ?? aws.arn ?? null },
        retained: entry.action === "retain-and-delete",
        leftBy: { user: entry.actor.user, at: entry.at, action: entry.action, requestId: entry.requestId },
        live: { state: found.state, revisionId: found.revisionId, tags: found.tags },
        eligibility: { ...e, allowed: e.blockers.length === 0 },
      });
    }
    this.cache = settled ? { key, at: now, value: out } : null;
    return out;
  }

  /** After a write the cached answer is stale. */
  forget(): void {
    this.cache = null;
  }
}
