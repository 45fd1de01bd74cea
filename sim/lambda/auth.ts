/**
 * Who is calling: the region from the SigV4 credential scope of the Authorization header
 * (`AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/<region>/lambda/aws4_request, SignedHeaders=...,
 * Signature=...`, AWS General Reference "Signature Version 4"), the account from the simulator's
 * map of access key ids. The signature is NOT verified: the simulator has no secret keys and
 * does not want them. Error messages never repeat the key id or anything secret.
 */
import type { CallerScope } from "./arn";
import { incompleteSignature, invalidSignature, missingAuthenticationToken, unrecognizedClient } from "./errors";

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function callerFromAuthorization(header: string | undefined, accounts: Record<string, string>): CallerScope {
  if (header === undefined || header.trim() === "") throw missingAuthenticationToken();
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== "AWS4-HMAC-SHA256") {
    throw incompleteSignature("Authorization header requires the AWS4-HMAC-SHA256 algorithm.");
  }
  const params = new Map<string, string>();
  for (const part of rest.join(" ").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = params.get("Credential");
  if (!credential || !params.get("Signature") || !params.get("SignedHeaders")) {
    throw incompleteSignature("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
  }
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request" || !/^\d{8}$/.test(scope[1])) {
    throw incompleteSignature("Credential must have the form <key id>/<date>/<region>/<service>/aws4_request.");
  }
  const [accessKeyId, , region, service] = scope;
  if (service !== "lambda") throw invalidSignature("Credential should be scoped to correct service: 'lambda'.");
  if (!REGION_PATTERN.test(region)) throw invalidSignature("Credential should be scoped to a valid region.");
  const accountId = Object.prototype.hasOwnProperty.call(accounts, accessKeyId) ? accounts[accessKeyId] : undefined;
  if (!accountId) throw unrecognizedClient();
  return { accountId, region };
}
