import "server-only";
import type { ClusterContext } from "../kube/kubeconfig";
import type { FunctionKey } from "../kube/writes";
import { reviewAccess, type AccessResult, type AccessVerb } from "./access";
import type { Identity } from "./identity";

/**
 * What the signed-in person may do to one Function, for the UI (GET /api/me): the same access
 * reviews the server runs before a write, cached briefly so a polling page does not turn into a
 * stream of SubjectAccessReviews. The write path never uses this cache: it asks again.
 */
const TTL_MS = 15_000;
const MAX_ENTRIES = 2_000;
const cache = new Map<string, { at: number; result: AccessResult }>();

export async function permissionsFor(ctx: ClusterContext, identity: Identity, key: FunctionKey, now = Date.now()): Promise<Record<AccessVerb, AccessResult>> {
  const verbs: AccessVerb[] = ["patch", "delete"];
  const results = await Promise.all(
    verbs.map(async (verb) => {
      const k = JSON.stringify([ctx.name, identity.mode, identity.user, identity.groups, key.namespace, key.name, verb]);
      const hit = cache.get(k);
      if (hit && now - hit.at < TTL_MS) return hit.result;
      const result = await reviewAccess(ctx, identity, verb, key);
      if (cache.size >= MAX_ENTRIES) cache.clear();
      if (!(!result.allowed && result.unavailable)) cache.set(k, { at: now, result });
      return result;
    }),
  );
  return { patch: results[0], delete: results[1] };
}
