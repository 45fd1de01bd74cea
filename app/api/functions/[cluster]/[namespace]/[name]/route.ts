import { allEligibility } from "@/lib/domain/eligibility";
import { serverApp } from "@/lib/server/holder";
import { apiError, handle, json } from "@/lib/server/http/respond";
import { fetchFunctionEvents } from "@/lib/server/kube/events";
import { functionTimeline } from "@/lib/server/timeline/function-timeline";

/** The detail answer carries the last day of the timeline; /timeline serves any range. */
const DETAIL_TIMELINE_MS = 24 * 3_600_000;

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ cluster: string; namespace: string; name: string }> };

/** GET /api/functions/{cluster}/{namespace}/{name}: the row, the object, its events and eligibility. */
export const GET = handle(async (_req: Request, { params }: Params) => {
  const { cluster, namespace, name } = await params;
  const app = serverApp();
  const { fleet } = app;
  const conn = fleet.clusters.get(cluster);
  if (!conn) return apiError(404, "not_found", `no cluster named ${cluster.slice(0, 100)}`);
  const id = `${cluster}/${namespace}/${name}`;
  const row = fleet.row(id);
  const facts = fleet.facts(id);
  if (!row || !facts) {
    const rejected = fleet.rejected.get(id);
    if (rejected) return apiError(422, "malformed_object", `the Function ${id} exists but cannot be read: ${rejected}`);
    return apiError(404, "not_found", `no Function ${namespace.slice(0, 100)}/${name.slice(0, 300)} in cluster ${cluster}`);
  }
  const events = conn.state.connected ? await fetchFunctionEvents(conn.ctx.kc, namespace, name).catch(() => []) : [];
  const now = Date.now();
  const timeline = await functionTimeline(app.stores, { cluster, namespace, name, since: now - DETAIL_TIMELINE_MS, limit: 500 })
    .then((r) => r.entries)
    .catch(() => []);
  const cluster_ = fleet.clusterSummaries().find((c) => c.name === cluster) ?? null;
  return json({
    ...row,
    object: fleet.raw(id),
    events,
    timeline,
    eligibility: allEligibility(facts, row.aws, conn.controller, now, fleet.settings),
    controller: conn.controller,
    cluster: cluster_,
  });
});
