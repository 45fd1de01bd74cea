import "server-only";
import { installedApp } from "../holder";
import type { RequestView } from "./header-view";
import { routePattern } from "./route-pattern";

/**
 * What handle() (respond.ts) reports of every answer: its route pattern (never the raw path),
 * method, status and time to the response headers, for ack_fleet_http_request_duration_seconds.
 * A streamed body (the event stream, an export) is timed to its headers; the event stream is
 * left out, its connections last minutes. Never throws: observing must not fail a request.
 */
export function observeRequest(req: RequestView | null, status: number, startedMs: number): void {
  if (!req) return;
  try {
    const route = routePattern(new URL(req.url).pathname);
    if (route === "/api/stream") return;
    installedApp()?.metrics.httpRequest(route, req.method, status, (performance.now() - startedMs) / 1000);
  } catch {
    /* a malformed URL is the route's problem, not the metrics' */
  }
}
