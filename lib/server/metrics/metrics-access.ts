import "server-only";
import { secretMatches } from "../auth/secret";
import type { ServerConfig } from "../config";
import { HttpError } from "../http/errors";

/**
 * Who may read GET /metrics (README "Metrics"):
 * - with ACK_FLEET_METRICS_TOKEN set, exactly the requests that carry it
 *   (`Authorization: Bearer <token>`, compared in constant time), in either auth mode; in proxy
 *   mode the request gate then lets /metrics past the proxy's shared-secret check, so a
 *   Prometheus inside the cluster scrapes the pod directly, without single sign-on;
 * - without it, whoever may read the dashboard: in local mode the loopback callers, in proxy
 *   mode only requests through the authenticating proxy (a scraper cannot, by design: set a
 *   token to scrape in proxy mode).
 * The gate (lib/server/auth/request-gate.ts) has already refused what it refuses.
 */
export function checkMetricsAccess(req: Request, config: Pick<ServerConfig, "metrics">): void {
  const token = config.metrics.token;
  if (!token) return;
  const header = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m || !secretMatches(m[1].trim(), token)) {
    throw new HttpError(401, "unauthenticated", "GET /metrics needs the bearer token of ACK_FLEET_METRICS_TOKEN", { "WWW-Authenticate": 'Bearer realm="metrics"' });
  }
}
