/**
 * Kubernetes `Status` errors (meta/v1 Status), shaped as kube-apiserver returns them
 * (k8s.io/apimachinery/pkg/api/errors). Every error the simulator answers with goes through
 * here, so status codes, reasons and messages stay consistent.
 */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown by handlers; the router turns it into the HTTP answer. */
export class ApiError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
  get code(): number {
    return this.status.code;
  }
}

export function makeStatus(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  const status: KubeStatus = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) status.details = details;
  return status;
}

function fail(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  return new ApiError(makeStatus(code, reason, message, details));
}

/** "functions.lambda.services.k8s.aws" or "namespaces" (core group has no suffix). */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** "Function.lambda.services.k8s.aws" or "Namespace". */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

export interface GroupResource {
  group: string;
  resource: string;
}

export const errors = {
  notFound(gr: GroupResource, name: string): ApiError {
    return fail(404, "NotFound", `${qualifiedResource(gr.resource, gr.group)} "${name}" not found`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  /** A path the server does not serve at all. */
  pathNotFound(): ApiError {
    return fail(404, "NotFound", "the server could not find the requested resource", {});
  },
  alreadyExists(gr: GroupResource, name: string): ApiError {
    return fail(409, "AlreadyExists", `${qualifiedResource(gr.resource, gr.group)} "${name}" already exists`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  conflict(gr: GroupResource, name: string, why: string): ApiError {
    return fail(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(gr.resource, gr.group)} "${name}": ${why}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  /** 422 with field causes, message "Kind.group "name" is invalid: [a, b]" (errors.NewInvalid). */
  invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
    const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : (c.message ?? "")));
    const list = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
    return fail(422, "Invalid", `${qualifiedKind(kind, group)} "${name}" is invalid: ${list}`, {
      name: name || undefined,
      group: group || undefined,
      kind,
      causes,
    });
  },
  /**
   * 422 for a patch that cannot be applied (e.g. a failed JSON patch `test`, a `remove` of a
   * missing path): kube-apiserver v1.37 answers errors.NewGenericServerResponse(422, ...) with
   * empty details, so the client learns nothing about which operation failed (seen by
   * conformance/kube/writes.ts against the real server).
   */
  unprocessablePatch(): ApiError {
    return fail(422, "Invalid", "the server rejected our request due to an error in our request", {});
  },
  badRequest(message: string): ApiError {
    return fail(400, "BadRequest", message);
  },
  unauthorized(): ApiError {
    return fail(401, "Unauthorized", "Unauthorized");
  },
  forbidden(gr: GroupResource, name: string, why: string): ApiError {
    const subject = name ? `${qualifiedResource(gr.resource, gr.group)} "${name}"` : qualifiedResource(gr.resource, gr.group);
    return fail(403, "Forbidden", `${subject} is forbidden: ${why}`, {
      name: name || undefined,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  forbiddenPath(why: string): ApiError {
    return fail(403, "Forbidden", `forbidden: ${why}`, {});
  },
  methodNotAllowed(): ApiError {
    return fail(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});
  },
  notAcceptable(accepted: string[]): ApiError {
    return fail(406, "NotAcceptable", `only the following media types are accepted: ${accepted.join(", ")}`);
  },
  unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
    return fail(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format (${contentType || "none"}) - accepted media types include: ${accepted.join(", ")}`,
    );
  },
  tooLarge(limit: number): ApiError {
    return fail(413, "RequestEntityTooLarge", `Request entity too large: limit is ${limit}`);
  },
  /** 410 Expired, as the watch cache sends it (errors.NewResourceExpired). */
  expired(message: string): ApiError {
    return fail(410, "Expired", message);
  },
  timeout(message: string): ApiError {
    return fail(504, "Timeout", message, {});
  },
  internal(message: string): ApiError {
    return fail(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
};

export function successStatus(details: StatusDetails): Omit<KubeStatus, "code"> & { code?: number } {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details };
}
