import "server-only";
import { NextResponse } from "next/server";
import { requestsInFlight } from "../holder";
import { logEvent } from "../log";
import { redact } from "../redact";
import { HttpError } from "./errors";
import type { RequestView } from "./header-view";
import { logRequest, requestIdOf } from "./request-log";
import { observeRequest } from "./observe-request";

/** JSON responses and the one error shape of the API: {error:{code, message}}, no stack traces. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): NextResponse {
  return json({ error: { code, message: redact(message) } }, status, headers);
}

/**
 * Wraps a handler: an HttpError becomes its status, code and message (with its headers, such
 * as Retry-After); anything unexpected a 500 with a generic message, logged without secrets.
 * Every request gets an id (X-Request-Id) and one log line (./request-log.ts), and counts as in
 * flight until answered (a graceful shutdown waits for those: ./in-flight.ts); its duration goes
 * to the HTTP histogram (observe-request.ts).
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const request = apiRequestStarted(args[0] instanceof Request ? args[0] : null);
    let res: Response;
    try {
      res = await fn(...args);
    } catch (err) {
      if (err instanceof HttpError) res = apiError(err.status, err.code, err.message, { ...err.headers });
      else {
        logEvent("error", "unexpected error", { requestId: request.requestId, error: err instanceof Error ? err.message : String(err) });
        res = apiError(500, "internal", "internal error; see the server log");
      }
    }
    res.headers.set("X-Request-Id", request.requestId);
    request.answered(res.status);
    return res;
  };
}

export interface ApiRequest {
  /** Sent back in X-Request-Id. */
  readonly requestId: string;
  /** The answer's status is known (its headers go out now): no longer in flight, logged, timed. Once. */
  answered(status: number): void;
}

/**
 * What every API request goes through, from handle() and from the list fast lane
 * (./list-fast-lane.ts): an id, in flight until answered, one log line and the duration metric.
 */
export function apiRequestStarted(req: RequestView | null): ApiRequest {
  const startedAt = performance.now();
  const requestId = requestIdOf(req);
  const done = requestsInFlight().begin();
  let answered = false;
  return {
    requestId,
    answered(status) {
      if (answered) return;
      answered = true;
      done();
      logRequest(req, status, requestId, startedAt);
      observeRequest(req, status, startedAt);
    },
  };
}
