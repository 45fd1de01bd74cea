import "server-only";
import { randomUUID } from "node:crypto";
import { requestUser } from "../auth/request-user";
import { installedApp } from "../holder";
import { logEvent } from "../log";
import type { RequestView } from "./header-view";

/**
 * One log line per API request (handle() in ./respond.ts): its id, method, path, status and
 * duration. The id is the caller's X-Request-Id when it is a plain token (a proxy or ingress
 * that already set one, so the lines join up), a new UUID otherwise; it is sent back in
 * X-Request-Id. The query string is left out: it is the caller's, and may carry anything. The
 * user is the name the request proves (../auth/request-user.ts), never a header's raw value.
 */
const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(req: RequestView | null): string {
  const given = req?.headers.get("x-request-id");
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

export function logRequest(req: RequestView | null, status: number, requestId: string, startedAt: number): void {
  let path = "?";
  try {
    path = req ? new URL(req.url).pathname.slice(0, 500) : "?";
  } catch {
    /* an unparsable URL is logged as ? */
  }
  logEvent(status >= 500 ? "error" : "info", "request", {
    requestId,
    method: req?.method ?? "?",
    path,
    user: req ? (requestUser(req.headers, installedApp()?.config ?? null) ?? undefined) : undefined,
    status,
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
  });
}
