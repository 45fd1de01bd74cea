import "server-only";
import type http from "node:http";
import type { TLSSocket } from "node:tls";
import { CONNECTION_HEADER, formatConnection } from "./connection";

/**
 * Writes what the request's TCP connection really was (./connection.ts) into its header, before
 * Next.js or the list fast lane reads the request: the local address and port, TLS or not, the
 * peer. Whatever a client sent under that name is replaced, every time; a socket that no longer
 * knows its addresses (closed meanwhile) leaves the header out, never the client's value.
 */
export function tapConnection(req: http.IncomingMessage): void {
  const socket = req.socket;
  const local = socket.localAddress;
  const port = socket.localPort;
  const peer = socket.remoteAddress;
  if (!local || !port || !peer) {
    delete req.headers[CONNECTION_HEADER];
    return;
  }
  req.headers[CONNECTION_HEADER] = formatConnection({ scheme: (socket as TLSSocket).encrypted ? "https" : "http", localAddress: local, localPort: port, peer });
}
