import "server-only";
import net from "node:net";

/**
 * `local` mode trusts whoever can reach the dashboard, so it must only be reachable from this
 * machine (README "Configuration": local is loopback-only). Three checks, because a route
 * handler cannot see the TCP peer:
 * 1. the server listens on loopback addresses only (else nobody else is kept out);
 * 2. the Host header names a loopback host (a page on another site that rebinds its DNS name
 *    to 127.0.0.1 still sends its own name: DNS rebinding is refused);
 * 3. X-Forwarded-For, which Next.js fills from the socket when the client sent none, is loopback.
 */
export function isLoopbackIp(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (a === "::1" || a === "0:0:0:0:0:0:0:1") return true;
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  return net.isIPv4(v4) && v4.startsWith("127.");
}

/** The host name of a Host header value ("127.0.0.1:3000", "[::1]:3000", "localhost"). */
export function hostNameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colon = h.lastIndexOf(":");
  return colon > 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

export function isLoopbackHost(hostHeader: string): boolean {
  const name = hostNameOf(hostHeader);
  return name === "localhost" || isLoopbackIp(name);
}

type Handle = { listening?: boolean; address?: () => unknown };

/**
 * Addresses this process listens on. process._getActiveHandles() is undocumented but stable
 * since Node 0.x; the Next.js server (next start / next dev's worker) is one of them.
 */
export function listeningAddresses(): string[] {
  const get = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  if (typeof get !== "function") return [];
  const out: string[] = [];
  for (const h of get.call(process) as Handle[]) {
    if (!(h instanceof net.Server) || !h.listening) continue;
    const addr = (h as net.Server).address();
    if (addr && typeof addr === "object") out.push(addr.address);
  }
  return out;
}

/** Why a request may not use `local` mode, or null when it may. */
export function localRequestProblem(headers: Headers, listeners: string[] = listeningAddresses()): string | null {
  const exposed = listeners.filter((a) => !isLoopbackIp(a));
  if (exposed.length) {
    return `local auth mode, but the dashboard listens on ${exposed.join(", ")}: start it on 127.0.0.1 (HOST=127.0.0.1) or use ACK_FLEET_AUTH_MODE=proxy`;
  }
  const host = headers.get("host");
  if (!host || !isLoopbackHost(host)) {
    return "local auth mode answers requests for localhost / 127.0.0.1 only (Host header is not a loopback name)";
  }
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded && !forwarded.split(",").every((a) => isLoopbackIp(a))) {
    return "local auth mode answers requests from this machine only";
  }
  return null;
}
