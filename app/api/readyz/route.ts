import { installedApp } from "@/lib/server/holder";
import { json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/readyz: the kubelet's readiness probe. 200 once the app is started, every configured
 * cluster listed once (or ACK_FLEET_READY_TIMEOUT passed: the missing ones are logged) and the
 * store writable; 503 otherwise, and while shutting down (lib/server/readiness.ts). The body says
 * only ready or not: the caller is not authenticated; the reasons are in the log.
 */
export function GET(): Response {
  const ready = installedApp()?.readiness().ready ?? false;
  return json({ status: ready ? "ready" : "not ready" }, ready ? 200 : 503);
}
