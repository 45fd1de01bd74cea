/**
 * Lambda error responses as the service sends them (REST-JSON protocol): the error type in the
 * `x-amzn-errortype` header, `Type` ("User"/"Service") and the message in the body.
 *
 * How @aws-sdk/client-lambda v3 reads them (checked in @smithy/core protocols,
 * loadRestJsonErrorCode): header `x-amzn-errortype` first, then body `code`, then `__type`; the
 * message from `message ?? Message`. The Lambda model names the message member `Message` for
 * ResourceNotFoundException and `message` for the others, so each error keeps its own key.
 * Types the Lambda model does not know (AccessDenied, UnrecognizedClient, ValidationException...)
 * surface as LambdaServiceException with `name` set to the header value.
 */

export class LambdaError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    /** Body key of the message: "Message" or "message", as in the Lambda model. */
    readonly messageKey: "Message" | "message" = "message",
    readonly extraBody: Record<string, unknown> = {},
    readonly extraHeaders: Record<string, string> = {},
    /** Only the auth-level errors (outside Lambda's model) omit Type. */
    readonly faultType: "User" | "Service" | null = "User",
  ) {
    super(message);
    this.name = errorType;
  }

  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { ...this.extraBody, [this.messageKey]: this.message };
    if (this.faultType) body.Type = this.faultType;
    return body;
  }
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

/** "Function not found: arn:aws:lambda:<region>:<account>:function:<name>" (404). */
export function functionNotFound(region: string, accountId: string, name: string, qualifier?: string): LambdaError {
  return new LambdaError(
    404,
    "ResourceNotFoundException",
    `Function not found: ${functionArn(region, accountId, name, qualifier)}`,
    "Message",
  );
}

/** Cross-region ARN, as AWS words it: "Functions from 'x' are not reachable in this region ('y')". */
export function regionUnreachable(arnRegion: string, region: string): LambdaError {
  return new LambdaError(
    404,
    "ResourceNotFoundException",
    `Functions from '${arnRegion}' are not reachable in this region ('${region}')`,
    "Message",
  );
}

/** Update refused while State is Pending (or another non-updatable state). */
export function conflictState(state: string): LambdaError {
  return new LambdaError(
    409,
    "ResourceConflictException",
    `The operation cannot be performed at this time. The function is currently in the following state: ${state}`,
  );
}

/** Update refused while LastUpdateStatus is InProgress. */
export function conflictUpdateInProgress(arn: string): LambdaError {
  return new LambdaError(
    409,
    "ResourceConflictException",
    `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
  );
}

/** CreateFunction on an existing name; AWS's own grammar ("already exist"). */
export function conflictExists(name: string): LambdaError {
  return new LambdaError(409, "ResourceConflictException", `Function already exist: ${name}`);
}

/** 429 with Reason and Retry-After (seconds), like the Lambda control plane. */
export function tooManyRequests(retryAfterSec: number): LambdaError {
  return new LambdaError(
    429,
    "TooManyRequestsException",
    "Rate exceeded",
    "message",
    { Reason: "CallerRateLimitExceeded" },
    { "Retry-After": String(retryAfterSec) },
  );
}

export function invalidParameter(message: string): LambdaError {
  return new LambdaError(400, "InvalidParameterValueException", message);
}

/** Model constraint violations (patterns, ranges, required members) come from the service framework. */
export function validationError(message: string): LambdaError {
  return new LambdaError(400, "ValidationException", `1 validation error detected: ${message}`, "message", {}, {}, null);
}

export function invalidRequestContent(message: string): LambdaError {
  return new LambdaError(400, "InvalidRequestContentException", message);
}

export function requestTooLarge(limit: number): LambdaError {
  return new LambdaError(413, "RequestTooLargeException", `Request must be smaller than ${limit} bytes for the operation`);
}

/** IAM denial; the principal is a fixed placeholder: no key id is ever echoed. */
export function accessDenied(accountId: string, operation: string, resource: string): LambdaError {
  return new LambdaError(
    403,
    "AccessDeniedException",
    `User: arn:aws:iam::${accountId}:user/sim-operator is not authorized to perform: lambda:${operation} on resource: ${resource} because no identity-based policy allows the lambda:${operation} action`,
    "Message",
    {},
    {},
    null,
  );
}

export function unrecognizedClient(): LambdaError {
  return new LambdaError(403, "UnrecognizedClientException", "The security token included in the request is invalid.", "message", {}, {}, null);
}

export function missingAuthenticationToken(): LambdaError {
  return new LambdaError(403, "MissingAuthenticationTokenException", "Missing Authentication Token", "message", {}, {}, null);
}

export function incompleteSignature(message: string): LambdaError {
  return new LambdaError(400, "IncompleteSignatureException", message, "message", {}, {}, null);
}

export function invalidSignature(message: string): LambdaError {
  return new LambdaError(403, "InvalidSignatureException", message, "message", {}, {}, null);
}

export function unknownOperation(): LambdaError {
  return new LambdaError(404, "UnknownOperationException", "Unknown operation", "message", {}, {}, null);
}

export function internalFailure(): LambdaError {
  return new LambdaError(500, "ServiceException", "An internal error occurred in the simulated Lambda service.", "message", {}, {}, "Service");
}

/** RevisionId given and stale (optimistic locking of the update APIs). */
export function preconditionFailed(): LambdaError {
  return new LambdaError(
    412,
    "PreconditionFailedException",
    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
  );
}
