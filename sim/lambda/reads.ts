/**
 * Read operations (Lambda API reference 2015-03-31): GetFunction, GetFunctionConfiguration,
 * ListFunctions with Marker / MaxItems.
 */
import { invalidParameter, validationError } from "./errors";
import type { JsonObject } from "./input";
import { configView, resolveFunction, type OpContext, type OpResult } from "./lookup";
import type { FunctionConfig, FunctionRecord } from "./store";

/** ListFunctions returns at most 50 functions a page, whatever MaxItems asks (API reference). */
export const LIST_PAGE_MAX = 50;

/** ListFunctions leaves these out; GetFunction has them (ListFunctions API reference). */
const LIST_OMITS = ["State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason", "LastUpdateStatusReasonCode"] as const;

function listView(rec: FunctionRecord): Partial<FunctionConfig> {
  const view: Partial<FunctionConfig> = configView(rec);
  for (const key of LIST_OMITS) delete view[key];
  return view;
}

export function getFunction(ctx: OpContext, rawName: string, query: URLSearchParams): OpResult {
  const rec = resolveFunction(ctx, rawName, "GetFunction", query);
  const code = rec.imageUri
    ? { RepositoryType: "ECR", ImageUri: rec.imageUri, ResolvedImageUri: rec.imageUri }
    : { RepositoryType: "S3", Location: `https://awslambda-${ctx.scope.region}-tasks.s3.${ctx.scope.region}.amazonaws.com/snapshots/${ctx.scope.accountId}/${rec.config.FunctionName}` };
  const body: JsonObject = { Configuration: configView(rec), Code: code };
  // AWS omits Tags when the function has none.
  if (Object.keys(rec.tags).length > 0) body.Tags = { ...rec.tags };
  return { status: 200, body };
}

export function getFunctionConfiguration(ctx: OpContext, rawName: string, query: URLSearchParams): OpResult {
  return { status: 200, body: configView(resolveFunction(ctx, rawName, "GetFunctionConfiguration", query)) };
}

function encodeMarker(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), "utf8").toString("base64url");
}

function decodeMarker(marker: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(marker, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && typeof (parsed as { after?: unknown }).after === "string") {
      return (parsed as { after: string }).after;
    }
  } catch {
    // fall through: any undecodable marker is the same caller error
  }
  throw invalidParameter("Invalid marker: pass the NextMarker of the previous response");
}

/** Pages by name, so a page boundary stays put when functions come and go in between. */
export function listFunctions(ctx: OpContext, query: URLSearchParams): OpResult {
  const rawMax = query.get("MaxItems");
  let maxItems = LIST_PAGE_MAX;
  if (rawMax !== null) {
    const n = Number(rawMax);
    if (!Number.isInteger(n) || rawMax.trim() === "") throw validationError(`Value '${rawMax}' at 'maxItems' failed to satisfy constraint: Member must be an integer`);
    if (n < 1 || n > 10000) throw validationError(`Value '${n}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`);
    maxItems = Math.min(n, LIST_PAGE_MAX);
  }
  const marker = query.get("Marker");
  const after = marker ? decodeMarker(marker) : undefined;
  const page = ctx.store.page(ctx.scope.accountId, ctx.scope.region, after, maxItems);
  const body: JsonObject = { Functions: page.items.map(listView) };
  if (page.more) body.NextMarker = encodeMarker(page.items[page.items.length - 1].config.FunctionName);
  return { status: 200, body };
}
