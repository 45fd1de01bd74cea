import { readerOf } from "@/lib/server/auth/reader";
import { accountsOf } from "@/lib/server/auth/visibility";
import { serverApp } from "@/lib/server/holder";
import { handle } from "@/lib/server/http/respond";
import { streamResponse } from "@/lib/server/live/sse";
import { visibleStream } from "@/lib/server/live/visible-stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/stream: row changes, new timeline entries and cluster summaries as Server-Sent
 * Events, resumable with Last-Event-ID (see lib/server/live/sse.ts). The stream ends when the
 * client goes away. Proxy mode: only what the signed-in person may list (visible-stream.ts).
 */
export const GET = handle(async (req: Request) => {
  const { live, fleet, visibility, config } = serverApp();
  const reader = await readerOf(req, config);
  if (!reader) return streamResponse(live, req);
  const view = visibleStream({
    visibility,
    reader,
    clusterNames: () => fleet.clusters.keys(),
    rows: () => fleet.rows(),
    clustersOf: (rows) => ({ clusters: fleet.clusterSummaries(rows), awsAccounts: accountsOf(fleet.awsAccounts(), rows) }),
  });
  return streamResponse(live, req, { view });
});
