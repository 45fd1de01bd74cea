import { serverApp } from "@/lib/server/holder";
import { handle } from "@/lib/server/http/respond";
import { checkMetricsAccess } from "@/lib/server/metrics/metrics-access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /metrics: the Prometheus text exposition of lib/domain/metric-catalog.ts
 * (lib/server/metrics/fleet-metrics.ts), protected by ACK_FLEET_METRICS_TOKEN when it is set.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  checkMetricsAccess(req, app.config);
  const body = await app.metrics.render();
  return new Response(body, { status: 200, headers: { "Content-Type": app.metrics.contentType, "Cache-Control": "no-store" } });
});
