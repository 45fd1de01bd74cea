/**
 * FunctionName as Lambda accepts it: a name ("my-function"), a partial ARN
 * ("123456789012:function:my-function") or a full ARN
 * ("arn:aws:lambda:us-west-2:123456789012:function:my-function"), each optionally qualified
 * (":$LATEST", ":1", ":alias"). Pattern from the Lambda API reference (GetFunction,
 * FunctionName); names are at most 64 characters.
 */
import {
  LambdaError,
  accessDenied,
  regionUnreachable,
  validationError,
} from "./errors";

const FUNCTION_NAME_PATTERN =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(?<account>\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9_.-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** Tag APIs take a full function ARN (ListTags / TagResource "Resource"). */
const FUNCTION_ARN_PATTERN =
  /^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(?<account>\d{12}):function:(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$/;

export const MAX_NAME_LENGTH = 64;

export interface FunctionRef {
  name: string;
  qualifier?: string;
  /** Present when the caller passed an ARN naming an account / region. */
  accountId?: string;
  region?: string;
}

/** The account and region a request runs in (from its credentials). */
export interface CallerScope {
  accountId: string;
  region: string;
}

function patternMessage(value: string, member: string, pattern: RegExp): string {
  // AWS quotes the offending value; it is caller input, not a credential.
  return `Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`;
}

export function parseFunctionName(raw: string, member = "functionName"): FunctionRef {
  if (raw.length < 1 || raw.length > 170) {
    throw validationError(`Value '${raw.slice(0, 170)}' at '${member}' failed to satisfy constraint: Member must have length between 1 and 170`);
  }
  const m = FUNCTION_NAME_PATTERN.exec(raw);
  if (!m?.groups) throw validationError(patternMessage(raw, member, FUNCTION_NAME_PATTERN));
  const { name, qualifier, account, region } = m.groups;
  if (name.length > MAX_NAME_LENGTH) {
    throw validationError(`Value '${name}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  return { name, qualifier, accountId: account, region };
}

export function parseFunctionArn(raw: string): FunctionRef {
  const m = FUNCTION_ARN_PATTERN.exec(raw);
  if (!m?.groups) throw validationError(patternMessage(raw, "resource", FUNCTION_ARN_PATTERN));
  const { name, qualifier, account, region } = m.groups;
  if (name.length > MAX_NAME_LENGTH) {
    throw validationError(`Value '${raw}' at 'resource' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  return { name, qualifier, accountId: account, region };
}

/**
 * Checks that an ARN-style reference points into the caller's own account and region:
 * another region is unreachable from this regional endpoint (ResourceNotFoundException, as AWS
 * says it); another account needs a resource policy the simulator does not model, so it is
 * denied like an IAM denial.
 */
export function assertInScope(ref: FunctionRef, scope: CallerScope, operation: string, resource: string): void {
  if (ref.region && ref.region !== scope.region) throw regionUnreachable(ref.region, scope.region);
  if (ref.accountId && ref.accountId !== scope.accountId) {
    throw accessDenied(scope.accountId, operation, resource);
  }
}

export function isLambdaError(e: unknown): e is LambdaError {
  return e instanceof LambdaError;
}
