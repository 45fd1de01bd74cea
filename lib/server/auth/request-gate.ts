/**
 * The gate every request passes in proxy.ts (Next.js 16 "Proxy", formerly middleware), before
 * any page or API route: in `local` mode only requests addressed to a loopback host are served
 * (a DNS-rebinding page cannot read the fleet through the browser); in `proxy` mode only
 * requests that carry the authenticating proxy's shared secret (GET /api/healthz excepted, for
 * probes). The route handlers check again (lib/server/auth/authenticate.ts): this is the outer
 * wall, not the only one. Dependency-free on purpose: Proxy code is bundled on its own.
 */
export interface GateConfig {
  mode: string;
  secret: string | null;
  /** Lower-case header name. */
  secretHeader: string;
}

export interface GateRefusal {
  status: 401 | 403;
  code: string;
  message: string;
}

export function gateConfigFromEnv(env: Record<string, string | undefined>): GateConfig {
  return {
    mode: env.ACK_FLEET_AUTH_MODE || "local",
    secret: env.ACK_FLEET_PROXY_SECRET || null,
    secretHeader: (env.ACK_FLEET_PROXY_SECRET_HEADER || "X-Ack-Fleet-Proxy-Secret").toLowerCase(),
  };
}

function loopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  const name = h.startsWith("[") ? h.slice(1, h.indexOf("]")) : h.split(":")[0];
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Same length and same characters, in time that does not depend on where they differ. */
export function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

export function gateRequest(pathname: string, headers: Headers, config: GateConfig): GateRefusal | null {
  if (config.mode === "proxy") {
    if (pathname === "/api/healthz") return null;
    if (!config.secret || !sameSecret(headers.get(config.secretHeader), config.secret)) {
      return { status: 401, code: "unauthenticated", message: "sign in through the authenticating proxy: this request did not come through it" };
    }
    return null;
  }
  const host = headers.get("host");
  if (!host || !loopbackHost(host)) {
    return { status: 403, code: "local_only", message: "this dashboard runs in local auth mode and answers requests for localhost / 127.0.0.1 only" };
  }
  return null;
}
