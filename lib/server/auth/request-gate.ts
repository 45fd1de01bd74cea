import "server-only";
import type { ServerConfig } from "../config";
import { isLoopbackHost } from "./loopback";
import { secretMatches } from "./secret";

/**
 * The gate every request passes in proxy.ts (Next.js 16 "Proxy", formerly middleware), before
 * any page or API route: in `local` mode only requests addressed to a loopback host are served
 * (a DNS-rebinding page cannot read the fleet through the browser); in `proxy` mode only
 * requests that carry the authenticating proxy's shared secret (GET /api/healthz excepted, for
 * probes, and /metrics when ACK_FLEET_METRICS_TOKEN is set: its handler then asks for that
 * token, so a scraper in the cluster reaches it without single sign-on). The route handlers check again (lib/server/auth/authenticate.ts): this is the outer
 * wall, not the only one. The same checks as theirs, from the same modules and configuration.
 */
export type GateConfig = Pick<ServerConfig, "authMode" | "proxy" | "metrics">;

export interface GateRefusal {
  status: 401 | 403;
  code: string;
  message: string;
}

export function gateRequest(pathname: string, headers: Headers, config: GateConfig): GateRefusal | null {
  // A token-protected /metrics is answered by its handler alone, in either mode (metrics-access.ts).
  if (pathname === "/metrics" && config.metrics.token) return null;
  if (config.authMode === "proxy") {
    if (pathname === "/api/healthz") return null;
    if (!config.proxy.secret || !secretMatches(headers.get(config.proxy.secretHeader), config.proxy.secret)) {
      return { status: 401, code: "unauthenticated", message: "sign in through the authenticating proxy: this request did not come through it" };
    }
    return null;
  }
  const host = headers.get("host");
  if (!host || !isLoopbackHost(host)) {
    return { status: 403, code: "local_only", message: "this dashboard runs in local auth mode and answers requests for localhost / 127.0.0.1 only" };
  }
  return null;
}
