import "server-only";
import type { HeaderReader } from "./header-view";

/**
 * What the TCP connection of a request really was: the address and port it arrived on (what
 * the server listens on), whether it was TLS, and the peer's address. A route handler and
 * proxy.ts only see headers (Next.js passes a Request, never the socket), so the request tap
 * (./request-tap.ts, run by the listener the list fast lane puts in front of Next.js's:
 * ./list-fast-lane.ts) writes these facts into one header before Next.js reads the request,
 * always replacing whatever a client sent under that name. Without the tap (a route handler
 * called in a test, `next dev`) the header is whatever the request carries, and callers fall
 * back to the configuration when it is absent: the facts only ever refuse more (a peer or a
 * listener that is not loopback), never let a request through that the headers alone would not.
 */
export const CONNECTION_HEADER = "x-ack-fleet-connection";

export interface ConnectionFacts {
  /** The local address and port the connection arrived on. */
  localAddress: string;
  localPort: number;
  /** "https" only when the socket itself is TLS (the standalone server is plain HTTP). */
  scheme: "http" | "https";
  /** The TCP peer. */
  peer: string;
}

export function formatConnection(c: ConnectionFacts): string {
  return `${c.scheme} ${c.localAddress} ${c.localPort} ${c.peer}`;
}

/** The facts the tap wrote, or null (no tap, or a malformed value). */
export function connectionOf(headers: HeaderReader): ConnectionFacts | null {
  const value = headers.get(CONNECTION_HEADER);
  if (!value) return null;
  const [scheme, localAddress, port, peer] = value.split(" ");
  const localPort = Number(port);
  if ((scheme !== "http" && scheme !== "https") || !localAddress || !peer || !Number.isInteger(localPort) || localPort <= 0) return null;
  return { scheme, localAddress, localPort, peer };
}
