/**
 * One way for the browser to call the dashboard's JSON API: errors arrive as
 * `{error:{code, message}}` (README, "HTTP API") and become an ApiRequestError; a body that
 * does not match the wire schema is an error too, with a clear message, rather than a crash
 * deep in a component.
 */
import type { z } from "zod";
import { ApiErrorSchema } from "@/lib/domain/wire/error";

export class ApiRequestError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}

export async function fetchApi<T>(
  path: string,
  schema: z.ZodType<T>,
  init: { signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal: init.signal, headers: { accept: "application/json" }, cache: "no-store" });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    throw new ApiRequestError(0, "unreachable", "The dashboard server did not answer. Is it running?");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const apiError = ApiErrorSchema.safeParse(body);
    if (apiError.success) {
      throw new ApiRequestError(response.status, apiError.data.error.code, apiError.data.error.message);
    }
    throw new ApiRequestError(response.status, "http_error", `The server answered HTTP ${response.status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new ApiRequestError(
      response.status,
      "bad_response",
      `The server's answer to ${path.split("?")[0]} did not have the expected shape${where}: ${issue?.message ?? "invalid"}.`,
    );
  }
  return parsed.data;
}

/** Client errors will not change on a retry; network and server errors may. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}
