/**
 * Tag operations (Lambda API reference 2017-03-31): ListTags, TagResource, UntagResource. They
 * take the function's full ARN; versions and aliases carry no tags of their own.
 */
import { assertInScope, parseFunctionArn } from "./arn";
import { invalidParameter, validationError } from "./errors";
import { optStringMap, type JsonObject } from "./input";
import { findFunction, type OpContext, type OpResult } from "./lookup";
import type { FunctionRecord } from "./store";

function resolveTagged(ctx: OpContext, rawArn: string, operation: string): FunctionRecord {
  const ref = parseFunctionArn(rawArn);
  assertInScope(ref, ctx.scope, operation, rawArn);
  if (ref.qualifier) throw invalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.");
  return findFunction(ctx, ref);
}

export function listTags(ctx: OpContext, rawArn: string): OpResult {
  return { status: 200, body: { Tags: { ...resolveTagged(ctx, rawArn, "ListTags").tags } } };
}

export function tagResource(ctx: OpContext, rawArn: string, body: JsonObject): OpResult {
  const tags = optStringMap(body, "Tags");
  if (!tags) throw validationError("Value null at 'tags' failed to satisfy constraint: Member must not be null");
  const rec = resolveTagged(ctx, rawArn, "TagResource");
  Object.assign(rec.tags, tags);
  return { status: 204 };
}

export function untagResource(ctx: OpContext, rawArn: string, query: URLSearchParams): OpResult {
  const keys = query.getAll("tagKeys");
  if (keys.length === 0) throw validationError("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
  const rec = resolveTagged(ctx, rawArn, "UntagResource");
  for (const key of keys) delete rec.tags[key];
  return { status: 204 };
}
