import "server-only";
import { NextResponse } from "next/server";
import { FleetStartupError } from "../fleet/instance";
import { redact } from "../kube/http";

/** JSON responses and the one error shape of the API: {error:{code, message}}, no stack traces. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function apiError(status: number, code: string, message: string): NextResponse {
  return json({ error: { code, message: redact(message) } }, status);
}

/** Wraps a handler: anything unexpected becomes a 500 with a generic message, logged without secrets. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof FleetStartupError) return apiError(503, "not_configured", err.message);
      console.error(`[api] unexpected error: ${redact(err instanceof Error ? err.message : String(err))}`);
      return apiError(500, "internal", "internal error; see the server log");
    }
  };
}
