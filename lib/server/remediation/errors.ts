import "server-only";
import { HttpError } from "../http/errors";

/**
 * A remediation request refused or failed, with the HTTP status the API answers
 * (README "HTTP API": 400, 401, 403, 404, 409, 410, 429, 502). `audited` is false for
 * refusals that happen before the request is understood (bad JSON, wrong content type): there
 * is no attempt to record.
 */
export type RemediationStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 502 | 503;

export class RemediationError extends HttpError {
  static override readonly kind: string = "RemediationError";

  constructor(
    override readonly status: RemediationStatus,
    code: string,
    message: string,
    readonly extra: { retryAfterSeconds?: number; audited?: boolean } = {},
  ) {
    super(status, code, message, extra.retryAfterSeconds ? { "Retry-After": String(extra.retryAfterSeconds) } : {});
    this.name = "RemediationError";
  }
}

export const refuse = {
  badRequest: (message: string) => new RemediationError(400, "bad_request", message),
  forbidden: (message: string, code = "forbidden") => new RemediationError(403, code, message),
  notFound: (message: string) => new RemediationError(404, "not_found", message),
  conflict: (message: string, code = "precondition_failed") => new RemediationError(409, code, message),
  gone: (message: string) => new RemediationError(410, "expired", message),
  upstream: (message: string) => new RemediationError(502, "upstream_failed", message),
};
