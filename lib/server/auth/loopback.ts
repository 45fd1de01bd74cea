import "server-only";
import net from "node:net";
import { connectionOf } from "../http/connection";
import type { HeaderReader } from "../http/header-view";

/**
 * `local` mode trusts whoever can reach the dashboard, so it must only be reachable from this
 * machine (README "Configuration": local is loopback-only). Three checks, because a route
 * handler cannot see the TCP peer:
 * 1. the server listens on loopback addresses only (else nobody else is kept out);
 * 2. the Host header names a loopback host (a page on another site that rebinds its DNS name
 *    to 127.0.0.1 still sends its own name: DNS rebinding is refused);
 * 3. the request does not say it was forwarded from elsewhere: X-Forwarded-For (which Next.js
 *    fills from the socket when the client sent none), Forwarded (RFC 7239) and X-Real-IP
 *    name loopback addresses only; and the TCP peer and the address the connection arrived on
 *    (the request tap's connection facts, when present) are loopback.
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
 * since Node 0.x; the Next.js server (next start / next dev's worker) is one of them. It lists
 * every handle (each open socket too: hundreds under load), and the gate asks on every request:
 * the answer is kept for a second (listeners come at start; a new one is seen within a second).
 * An empty answer is not kept (asked before the server listens).
 */
export function listeningAddresses(now: number = Date.now()): string[] {
  if (kept && now >= kept.at && now - kept.at < KEEP_LISTENERS_MS) return kept.addresses;
  const get = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  if (typeof get !== "function") return [];
  const out: string[] = [];
  for (const h of get.call(process) as Handle[]) {
    if (!(h instanceof net.Server) || !h.listening) continue;
    const addr = (h as net.Server).address();
    if (addr && typeof addr === "object") out.push(addr.address);
  }
  kept = out.length ? { at: now, addresses: out } : null;
  return out;
}

const KEEP_LISTENERS_MS = 1000;
let kept: { at: number; addresses: string[] } | null = null;

/** The addresses a Forwarded header (RFC 7239 section 4) names in its `for=` parameters. */
export function forwardedFor(value: string): string[] {
  const out: string[] = [];
  for (const element of value.split(",")) {
    for (const pair of element.split(";")) {
      const eq = pair.indexOf("=");
      if (eq < 0 || pair.slice(0, eq).trim().toLowerCase() !== "for") continue;
      out.push(nodeAddress(pair.slice(eq + 1).trim().replace(/^"|"$/g, "")));
    }
  }
  return out;
}

/** "[2001:db8::1]:4711" → "2001:db8::1", "192.0.2.60:80" → "192.0.2.60" (RFC 7239 section 6). */
function nodeAddress(node: string): string {
  if (node.startsWith("[")) return node.slice(1, node.indexOf("]") > 0 ? node.indexOf("]") : undefined);
  return node.split(":").length === 2 ? node.split(":")[0] : node;
}

/** Why the request says it came from another machine, or null. */
function forwardedProblem(headers: HeaderReader): string | null {
  const xff = headers.get("x-forwarded-for");
  if (xff && !xff.split(",").every((a) => isLoopbackIp(a))) return "X-Forwarded-For";
  const forwarded = headers.get("forwarded");
  // A Forwarded header without a `for` names no address: it still says the request was forwarded.
  if (forwarded !== null && !(forwardedFor(forwarded).length > 0 && forwardedFor(forwarded).every((a) => isLoopbackIp(a)))) return "Forwarded";
  const real = headers.get("x-real-ip");
  if (real !== null && !isLoopbackIp(real)) return "X-Real-IP";
  const conn = connectionOf(headers);
  if (conn && !(isLoopbackIp(conn.peer) && isLoopbackIp(conn.localAddress))) return "the connection";
  return null;
}

/** Why a request may not use `local` mode, or null when it may. */
export function localRequestProblem(headers: HeaderReader, listeners: string[] = listeningAddresses()): string | null {
  const exposed = listeners.filter((a) => !isLoopbackIp(a));
  if (exposed.length) {
    return `local auth mode, but the dashboard listens on ${exposed.join(", ")}: start it on 127.0.0.1 (HOST=127.0.0.1) or use ACK_FLEET_AUTH_MODE=proxy`;
  }
  const host = headers.get("host");
  if (!host || !isLoopbackHost(host)) {
    return "local auth mode answers requests for localhost / 127.0.0.1 only (Host header is not a loopback name)";
  }
  const forwarded = forwardedProblem(headers);
  if (forwarded) return `local auth mode answers requests from this machine only (${forwarded} names another address)`;
  return null;
}
