import "server-only";
import http from "node:http";
import net from "node:net";

/**
 * The HTTP listeners of this process, closed on SIGTERM so that it stops accepting connections
 * (lib/server/shutdown.ts). Next.js's standalone server (next/dist/server/lib/start-server.js)
 * creates its http.Server before the app boots and hands it to no one, so it is found among the
 * process's active handles: every net.Server that is listening. The API is Node's own
 * (process._getActiveHandles, used by diagnostics such as why-is-node-running); where it is
 * missing, nothing is found and the request gate's 503 is what remains.
 */
type WithHandles = { _getActiveHandles?: () => unknown[] };

export function listeningServers(): net.Server[] {
  const handles = (process as unknown as WithHandles)._getActiveHandles?.() ?? [];
  return handles.filter((h): h is net.Server => h instanceof net.Server && h.listening);
}

/**
 * Stops accepting: each server closes its listening socket at once; requests in flight go on
 * and their connections close when answered (idle keep-alive connections are closed now).
 * Resolves with how many listeners were closed.
 */
export function closeListeners(servers: net.Server[] = listeningServers()): number {
  for (const s of servers) {
    s.close();
    if (s instanceof http.Server) s.closeIdleConnections();
  }
  return servers.length;
}
