/**
 * Readers for JSON request members. A member of the wrong JSON type is a body the service cannot
 * deserialise (InvalidRequestContentException); a well-typed value that breaks a model
 * constraint (required, range, pattern) is a ValidationException, worded like AWS's
 * "Value '...' at '...' failed to satisfy constraint: ...".
 */
import { invalidRequestContent, validationError } from "./errors";

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Lambda members are camelCase in validation messages (memorySize, functionName). */
function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function wrongType(key: string, expected: string): never {
  throw invalidRequestContent(`Could not parse request body into json: member '${key}' must be ${expected}`);
}

export function requireBodyObject(body: unknown): JsonObject {
  if (body === undefined) return {};
  if (!isObject(body)) throw invalidRequestContent("Could not parse request body into json: expected a JSON object");
  return body;
}

export function optString(body: JsonObject, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") wrongType(key, "a string");
  return v;
}

export function reqString(body: JsonObject, key: string): string {
  const v = optString(body, key);
  if (v === undefined) throw validationError(`Value null at '${memberName(key)}' failed to satisfy constraint: Member must not be null`);
  return v;
}

export function optInt(body: JsonObject, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) wrongType(key, "an integer");
  if (v < min) throw validationError(`Value '${v}' at '${memberName(key)}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (v > max) throw validationError(`Value '${v}' at '${memberName(key)}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return v;
}

export function optBool(body: JsonObject, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") wrongType(key, "a boolean");
  return v;
}

export function optObject(body: JsonObject, key: string): JsonObject | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) wrongType(key, "an object");
  return v;
}

export function optStringMap(body: JsonObject, key: string): Record<string, string> | undefined {
  const v = optObject(body, key);
  if (v === undefined) return undefined;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") wrongType(`${key}.${k}`, "a string");
  }
  return v as Record<string, string>;
}

export function optStringList(body: JsonObject, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) wrongType(key, "a list of strings");
  return v as string[];
}

export function checkPattern(value: string, key: string, pattern: RegExp): string {
  if (!pattern.test(value)) {
    throw validationError(`Value '${value}' at '${memberName(key)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`);
  }
  return value;
}

/** IAM role ARN pattern of the Lambda API reference (CreateFunction, Role). */
export const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
