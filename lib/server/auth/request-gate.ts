import "server-only";
import type { ServerConfig } from "../config";
import { MAX_BODY_BYTES } from "../http/body-limit";
import type { HeaderReader } from "../http/header-view";
import { isProbePath } from "../http/probes";
import { listeningAddresses, localRequestProblem } from "./loopback";
import { secretMatches } from "./secret";

/**
 * The one gate every request passes in proxy.ts (Next.js 16 "Proxy", formerly middleware),
 * before any page or API route, in this order:
 * 1. a body declared larger than any route accepts is refused (413) before anything else is
 *    done for it (no authentication work, nothing buffered beyond next.config.js's
 *    proxyClientMaxBodySize);
 * 2. the probes (GET /api/livez, /api/readyz) pass in both modes: a kubelet sends neither a
 *    loopback Host nor the proxy's secret, and they answer nothing but up/ready;
 * 3. `proxy` mode: only requests that carry the authenticating proxy's shared secret;
 * 4. `local` mode: only requests from this machine, for a loopback host, to a server that
 *    listens on loopback only (./loopback.ts): the very checks authenticate() runs, so a
 *    request refused by one is refused by the other, on every route.
 * /metrics with ACK_FLEET_METRICS_TOKEN set is left to its handler, which asks for that token
 * (metrics-access.ts), so a scraper in the cluster reaches it without single sign-on.
 * The route handlers authenticate again (./authenticate.ts): this is the outer wall.
 */
export type GateConfig = Pick<ServerConfig, "authMode" | "proxy" | "metrics">;

export interface GateRequest {
  path: string;
  method: string;
  headers: HeaderReader;
  /** The process is shutting down (lib/server/shutdown.ts): only the probes are answered. */
  draining?: boolean;
}

export interface GateRefusal {
  status: 401 | 403 | 413 | 503;
  code: string;
  message: string;
}

export function gateRequest(req: GateRequest, config: GateConfig, listeners: string[] = listeningAddresses()): GateRefusal | null {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > MAX_BODY_BYTES) {
    return { status: 413, code: "too_large", message: `request bodies are at most ${MAX_BODY_BYTES} bytes` };
  }
  if (isProbePath(req.path) && (req.method === "GET" || req.method === "HEAD")) return null;
  if (req.draining) return { status: 503, code: "shutting_down", message: "this replica is shutting down; try again" };
  // A token-protected /metrics is answered by its handler alone, in either mode (metrics-access.ts).
  if (req.path === "/metrics" && config.metrics.token) return null;
  if (config.authMode === "proxy") {
    if (!config.proxy.secret || !secretMatches(req.headers.get(config.proxy.secretHeader), config.proxy.secret)) {
      return { status: 401, code: "unauthenticated", message: "sign in through the authenticating proxy: this request did not come through it" };
    }
    return null;
  }
  const problem = localRequestProblem(req.headers, listeners);
  return problem ? { status: 403, code: "local_only", message: problem } : null;
}
