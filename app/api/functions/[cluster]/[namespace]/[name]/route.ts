import { allEligibility } from "@/lib/domain/eligibility";
import { compareFunctionWithAws, withoutEnvironmentValues } from "@/lib/domain/function-config/for-function";
import { controllerView } from "@/lib/domain/signals";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { readerOf, requireVisible } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { apiError, handle, json } from "@/lib/server/http/respond";
import { fetchFunctionEvents } from "@/lib/server/kube/events";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ cluster: string; namespace: string; name: string }> };

/**
 * GET /api/functions/{cluster}/{namespace}/{name}: the row, the object, its events, each
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
  const events = conn.state.connected ? await fetchFunctionEvents(conn.ctx.kc, namespace, name).catch(() => []) : [];
  return json({
    ...row,
    object: withoutEnvironmentValues(fleet.raw(id)),
    configComparison: compareFunctionWithAws(facts, fleet.aws.get(id), controllerView(conn.controller).version),
    events,
    eligibility: allEligibility(facts, row.aws, conn.controller, Date.now(), fleet.settings),
    controller: conn.controller,
    clusterSummary: fleet.clusterSummaries().find((c) => c.name === cluster) ?? null,
  } satisfies FunctionDetail);
});
