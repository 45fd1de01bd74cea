import type { TimelineResponse } from "@/lib/domain/wire/timeline";
import { parseTimelineQuery } from "@/lib/domain/timeline/query";
import { readerOf, requireVisible } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { apiError, handle, json } from "@/lib/server/http/respond";
import { functionTimeline } from "@/lib/server/timeline/function-timeline";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ cluster: string; namespace: string; name: string }> };

/**
 * GET /api/functions/{cluster}/{namespace}/{name}/timeline?since=&until=&limit=
 * The recorded history of one Function (README, "HTTP API"). A Function that is gone keeps
 * its history: 404 only when it neither exists nor has anything recorded.
 */
export const GET = handle(async (req: Request, { params }: Params) => {
  const { cluster, namespace, name } = await params;
  const parsed = parseTimelineQuery(new URL(req.url).searchParams);
  if (!parsed.ok) return apiError(400, "bad_request", parsed.message);
  if (namespace.length > 63 || name.length > 253) return apiError(400, "bad_request", "namespace or name is too long for Kubernetes");
  const app = serverApp();
  const { fleet } = app;
  if (!fleet.clusters.has(cluster)) return apiError(404, "not_found", `no cluster named ${cluster.slice(0, 100)}`);
  const missing = `no Function ${namespace}/${name} in cluster ${cluster}, and nothing recorded about one`;
  await requireVisible(app.visibility, await readerOf(req, app.config), { cluster, namespace }, missing);
  const { since, until, limit } = parsed.query;
  const result = await functionTimeline(app.stores, { cluster, namespace, name, since, until, limit });
  const id = `${cluster}/${namespace}/${name}`;
  if (result.entries.length === 0 && !fleet.row(id) && !fleet.rejected.has(id)) {
    return apiError(404, "not_found", missing);
  }
  return json({
    functionId: id,
    generatedAt: new Date().toISOString(),
    since: since === undefined ? null : new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    entries: result.entries,
    truncated: result.truncated,
  } satisfies TimelineResponse);
});
