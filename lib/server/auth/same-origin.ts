import "server-only";
import { connectionOf } from "../http/connection";
import type { AuthMode } from "./identity";
import { hostNameOf, isLoopbackHost } from "./loopback";

/**
 * CSRF defence for every write (remediation guard 7, docs/architecture.md): a browser always sends Origin on a
 * POST made by fetch, and Sec-Fetch-Site in every current engine; a request another site makes
 * says so in both. Writes without either (a non-browser client) are refused too, so a write is
 * only ever accepted from this dashboard's own pages. (OWASP CSRF Prevention Cheat Sheet:
 * "Verifying Origin With Standard Headers", "Fetch Metadata headers".)
 *
 * The Origin is compared, scheme, host and port, with where the dashboard really is:
 * - local mode: the connection the request arrived on (scheme and port the server listens on,
 *   from the request tap; without it, the configured port over plain HTTP) and a loopback Host.
 *   Nothing a client can add (X-Forwarded-Host, X-Forwarded-Proto) is read.
 * - proxy mode (the request carried the proxy's shared secret): the configured origins
 *   (ACK_FLEET_PUBLIC_URL, ACK_FLEET_ALLOWED_ORIGINS), or the Host the proxy passed with the
 *   scheme it names in X-Forwarded-Proto.
 */
export interface OriginPolicy {
  mode: AuthMode;
  /** Origins accepted as they are (the public URL's, ACK_FLEET_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Where the server listens when the request tap's facts are absent (PORT). */
  port: number;
}

export function crossOriginProblem(headers: Headers, policy: OriginPolicy): string | null {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") {
    return `cross-site write refused (Sec-Fetch-Site: ${site.slice(0, 30)})`;
  }
  const origin = headers.get("origin");
  if (origin === null) {
    return site === "same-origin" ? null : "writes must come from the dashboard's own pages (no Origin header)";
  }
  if (policy.allowedOrigins.includes(origin)) return null;
  const refused = `cross-site write refused (Origin ${origin.slice(0, 80)} is not this dashboard)`;
  let url: URL;
  try {
    url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
  } catch {
    return `cross-site write refused (Origin: ${origin.slice(0, 80)})`;
  }
  const host = headers.get("host")?.trim().toLowerCase() ?? "";
  const originPort = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (policy.mode === "local") {
    const conn = connectionOf(headers);
    const scheme = conn?.scheme ?? "http";
    const port = conn?.localPort ?? policy.port;
    const sameHost = isLoopbackHost(host) && hostNameOf(host) === url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
    return url.protocol === `${scheme}:` && originPort === port && sameHost ? null : refused;
  }
  const scheme = headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase() || connectionOf(headers)?.scheme || "http";
  const hostPort = host.startsWith("[") ? host.slice(host.indexOf("]") + 1) : host.includes(":") ? host.slice(host.lastIndexOf(":")) : "";
  const port = hostPort.startsWith(":") ? Number(hostPort.slice(1)) : scheme === "https" ? 443 : 80;
  const sameHost = hostNameOf(host) === url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return url.protocol === `${scheme}:` && originPort === port && sameHost ? null : refused;
}

/** The policy of a configuration: its auth mode, its origins, the port it listens on. */
export function originPolicy(config: { authMode: AuthMode; remediation: { allowedOrigins: string[] }; listen: { port: number } }): OriginPolicy {
  return { mode: config.authMode, allowedOrigins: config.remediation.allowedOrigins, port: config.listen.port };
}
