import "server-only";
import { authenticate } from "../../auth/authenticate";
import { AuthError } from "../../auth/identity";
import { crossOriginProblem, originPolicy } from "../../auth/same-origin";
import type { ServerApp } from "../../app";
import { refuse } from "../errors";
import type { Requesters } from "./service";

/**
 * Who sends a batch request: authenticated once without a cluster (the name its own audit
 * entries carry) and once per known cluster of its items (local mode: each context's kubeconfig
 * user acts as itself, like a single request; the batch is then named after the first one). A cluster the fleet does not know gets no
 * identity: its items are found ineligible ("no cluster named ..."). A refusal before anyone is
 * known, or a cross-site write, is written to the audit log once, for the batch.
 */
export async function batchRequesters(req: Request, app: ServerApp, clusters: readonly string[], what: { action: Parameters<ServerApp["batches"]["recordRefusal"]>[1]["action"]; count: number }): Promise<Requesters> {
  const known = [...new Set(clusters)].filter((c) => app.fleet.clusters.has(c));
  const batchTarget = { cluster: known.join(", ").slice(0, 253), namespace: "", name: `batch of ${what.count}` };
  try {
    const anyone = await authenticate(req, app.config, null);
    const byCluster: Record<string, Awaited<ReturnType<typeof authenticate>>> = {};
    for (const c of known) byCluster[c] = await authenticate(req, app.config, app.fleet.clusters.get(c)!.ctx);
    // Local mode: the batch's own entries name the first cluster's kubeconfig user, like its items.
    const main = anyone.mode === "local" && known.length ? byCluster[known[0]] : anyone;
    const crossOrigin = crossOriginProblem(req.headers, originPolicy(app.config));
    if (crossOrigin) {
      const err = refuse.forbidden(crossOrigin, "cross_origin");
      await app.batches.recordRefusal(main, { action: what.action, count: what.count, clusters: known }, err);
      throw err;
    }
    return { main, byCluster };
  } catch (err) {
    if (err instanceof AuthError) await app.remediation.recordUnauthenticated(batchTarget, what.action, err.claimedUser, err.message, err.status);
    throw err;
  }
}
