import { allEligibility } from "@/lib/domain/eligibility";
import { compareFunctionWithAws, withoutEnvironmentValues } from "@/lib/domain/function-config/for-function";
import { controllerView } from "@/lib/domain/signals";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { readerOf, requireVisible } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { apiError, handle, json } from "@/lib/server/http/respond";
import { fetchFunctionEvents } from "@/lib/server/kube/events";
import { getFunctionObject } from "@/lib/server/kube/writes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ cluster: string; namespace: string; name: string }> };

/**
 * GET /api/functions/{cluster}/{namespace}/{name}: the row, the object (read live), its events, each
 * action's eligibility, the cluster's controller and summary (lib/domain/wire/detail.ts).
 */
export const GET = handle(async (req: Request, { params }: Params) => {
  const { cluster, namespace, name } = await params;
  const { fleet, visibility, config } = serverApp();
  const reader = await readerOf(req, config);
  const conn = fleet.clusters.get(cluster);
  if (!conn) return apiError(404, "not_found", `no cluster named ${cluster.slice(0, 100)}`);
  const id = `${cluster}/${namespace}/${name}`;
  const missing = `no Function ${namespace.slice(0, 100)}/${name.slice(0, 300)} in cluster ${cluster}`;
  await requireVisible(visibility, reader, { cluster, namespace }, missing);
  const row = fleet.row(id);
  const facts = fleet.facts(id);
  if (!row || !facts) {
    const rejected = fleet.rejected.get(id);
    if (rejected) return apiError(422, "malformed_object", `the Function ${id} exists but cannot be read: ${rejected}`);
    return apiError(404, "not_found", missing);
  }
  // The fleet keeps facts, not objects: the object is read from the cluster now, with the
  // dashboard's identity like every read (who may see it was decided above). Gone since the
  // list: 404. A cluster that does not answer: the row as last known, without its object.
  const [live, events] = conn.state.connected
    ? await Promise.all([getFunctionObject(conn.ctx.kc, { namespace, name }, { timeoutMs: 10_000 }), fetchFunctionEvents(conn.ctx.kc, namespace, name).catch(() => [])])
    : [null, []];
  if (live && !live.ok && live.failure === "not-found") return apiError(404, "not_found", missing);
  return json({
    ...row,
    // The whole verdict: rows carry each reason's code only (lib/server/fleet/row.ts).
    verdict: fleet.verdict(id) ?? row.verdict,
    object: live?.ok ? withoutEnvironmentValues(live.body) : null,
    configComparison: compareFunctionWithAws(facts, fleet.aws.get(id), controllerView(conn.controller).version),
    events,
    eligibility: allEligibility(facts, row.aws, conn.controller, Date.now(), fleet.settings),
    controller: conn.controller,
    clusterSummary: fleet.clusterSummaries().find((c) => c.name === cluster) ?? null,
  } satisfies FunctionDetail);
});
