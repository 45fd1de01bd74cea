/**
 * The errors a route handler may throw to answer with a status: respond.ts's handle() turns
 * every HttpError into the API's one error shape, {error:{code, message}}, with its headers.
 * Anything else thrown is a 500 with a generic message. It imports nothing of the server, so a route
 * as small as /api/healthz loads nothing else of the server with it.
 */
import "server-only";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The server is starting (no app installed yet) or stopping: try again shortly. */
export class NotReadyError extends HttpError {
  constructor(message = "the dashboard is starting; try again in a moment") {
    super(503, "not_ready", message, { "Retry-After": "2" });
    this.name = "NotReadyError";
  }
}

export const badRequest = (message: string) => new HttpError(400, "bad_request", message);
export const notFound = (message: string) => new HttpError(404, "not_found", message);
