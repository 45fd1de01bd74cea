import "server-only";
import type { ClusterContext } from "../kube/kubeconfig";
import { selfSubjectReview } from "../kube/writes";
import type { Identity } from "./identity";

/**
 * In `local` mode the operator is whoever the kubeconfig says: the cluster is asked who that is
 * (SelfSubjectReview), so the audit log names the user Kubernetes sees, not the kubeconfig's
 * entry label. Cached per context; the entry name is the fallback for clusters that cannot answer
 * (SelfSubjectReview is GA since Kubernetes 1.28).
 */
const TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; identity: Identity }>();

export async function localIdentity(ctx: ClusterContext, now: number = Date.now()): Promise<Identity> {
  const hit = cache.get(ctx.name);
  if (hit && now - hit.at < TTL_MS) return hit.identity;
  const who = await selfSubjectReview(ctx.kc).catch(() => null);
  const identity: Identity = who
    ? { user: who.user, groups: who.groups, email: null, mode: "local" }
    : { user: ctx.user || "kubeconfig user", groups: [], email: null, mode: "local" };
  // A failed answer is not cached for long: the cluster may just be restarting.
  cache.set(ctx.name, { at: who ? now : now - TTL_MS + 10_000, identity });
  return identity;
}
