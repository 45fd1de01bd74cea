import { json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/livez: the kubelet's liveness probe. 200 as long as the process serves requests;
 * nothing else (a cluster down or a store full is readiness's business: restarting the pod would
 * not help). It passes the request gate in both auth modes and tells an unauthenticated caller
 * nothing but that.
 */
export function GET(): Response {
  return json({ status: "ok" });
}
