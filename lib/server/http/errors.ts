/**
 * The errors a route handler may throw to answer with a status: respond.ts's handle() turns
 * every HttpError into the API's one error shape, {error:{code, message}}, with its headers.
 * Anything else thrown is a 500 with a generic message. It imports nothing of the server, so a route
 * as small as /api/healthz loads nothing else of the server with it.
 */
import "server-only";

/**
 * The kinds an error was made as (HttpError, RemediationError, ...), kept under a process-wide
 * symbol. The production build bundles instrumentation.ts (which builds the server app) apart
 * from each route handler, each with its own copy of this module: an error thrown by the app's
 * copy of a class is not an instance of the route's copy by prototype. `instanceof` on these
 * classes therefore asks for the kind by name (Symbol.hasInstance), which every copy agrees on.
 */
const KINDS = Symbol.for("ack-lambda-fleet.error-kinds");

type Kinded = { [KINDS]?: readonly string[] };

export class HttpError extends Error {
  /** The name `instanceof` recognises across copies of this class; every subclass declares its own. */
  static readonly kind: string = "HttpError";

  static [Symbol.hasInstance](value: unknown): boolean {
    const kinds = typeof value === "object" && value !== null ? (value as Kinded)[KINDS] : undefined;
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, "kind")) kinds.push((c as typeof HttpError).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
  }
}

/** The server is starting (no app installed yet) or stopping: try again shortly. */
export class NotReadyError extends HttpError {
  static override readonly kind: string = "NotReadyError";

  constructor(message = "the dashboard is starting; try again in a moment") {
    super(503, "not_ready", message, { "Retry-After": "2" });
    this.name = "NotReadyError";
  }
}

export const badRequest = (message: string) => new HttpError(400, "bad_request", message);
export const notFound = (message: string) => new HttpError(404, "not_found", message);
