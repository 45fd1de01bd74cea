import "server-only";
import { NextResponse } from "next/server";
import { redact } from "../redact";
import { HttpError } from "./errors";
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
 * Every answer is then observed (observe-request.ts: the HTTP duration histogram).
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const started = performance.now();
    const res = await answer(fn, args);
    observeRequest(args[0], res.status, started);
    return res;
  };
}

async function answer<A extends unknown[]>(fn: (...args: A) => Promise<Response>, args: A): Promise<Response> {
  try {
    return await fn(...args);
  } catch (err) {
    if (err instanceof HttpError) return apiError(err.status, err.code, err.message, { ...err.headers });
    console.error(`[api] unexpected error: ${redact(err instanceof Error ? err.message : String(err))}`);
    return apiError(500, "internal", "internal error; see the server log");
  }
}
