/**
 * The REST-JSON routes of the Lambda operations the simulator serves, as the SDK's operation
 * schemas bind them (@aws-sdk/client-lambda v3: method, path, success status).
 */
import { invalidRequestContent } from "./errors";
import type { JsonObject } from "./input";
import * as reads from "./reads";
import * as tags from "./tags";
import * as writes from "./writes";
import type { OpContext, OpResult } from "./lookup";
import type { RateBucket } from "./throttle";

export type OperationName =
  | "ListFunctions"
  | "CreateFunction"
  | "GetFunction"
  | "GetFunctionConfiguration"
  | "UpdateFunctionConfiguration"
  | "UpdateFunctionCode"
  | "DeleteFunction"
  | "ListTags"
  | "TagResource"
  | "UntagResource";

export interface RouteRequest {
  /** The path label: FunctionName or resource ARN, already percent-decoded. */
  label: string;
  query: URLSearchParams;
  body: JsonObject;
}

export interface Route {
  operation: OperationName;
  bucket: RateBucket;
  /** Whether the operation takes a JSON body. */
  hasBody: boolean;
  run(ctx: OpContext, req: RouteRequest): OpResult;
}

interface RouteDef extends Route {
  method: string;
  /** Path segments; "{label}" matches one segment. */
  path: string[];
}

function route(method: string, path: string, operation: OperationName, hasBody: boolean, run: Route["run"]): RouteDef {
  // GetFunction has its own quota; everything else shares the control-plane one.
  const bucket: RateBucket = operation === "GetFunction" ? "getFunction" : "controlPlane";
  return { method, path: path.split("/").slice(1), operation, bucket, hasBody, run };
}

const ROUTES: RouteDef[] = [
  route("GET", "/2015-03-31/functions", "ListFunctions", false, (c, r) => reads.listFunctions(c, r.query)),
  route("POST", "/2015-03-31/functions", "CreateFunction", true, (c, r) => writes.createFunction(c, r.body)),
  route("GET", "/2015-03-31/functions/{label}", "GetFunction", false, (c, r) => reads.getFunction(c, r.label, r.query)),
  route("DELETE", "/2015-03-31/functions/{label}", "DeleteFunction", false, (c, r) => writes.deleteFunction(c, r.label, r.query)),
  route("GET", "/2015-03-31/functions/{label}/configuration", "GetFunctionConfiguration", false, (c, r) => reads.getFunctionConfiguration(c, r.label, r.query)),
  route("PUT", "/2015-03-31/functions/{label}/configuration", "UpdateFunctionConfiguration", true, (c, r) => writes.updateFunctionConfiguration(c, r.label, r.body)),
  route("PUT", "/2015-03-31/functions/{label}/code", "UpdateFunctionCode", true, (c, r) => writes.updateFunctionCode(c, r.label, r.body)),
  route("GET", "/2017-03-31/tags/{label}", "ListTags", false, (c, r) => tags.listTags(c, r.label)),
  route("POST", "/2017-03-31/tags/{label}", "TagResource", true, (c, r) => tags.tagResource(c, r.label, r.body)),
  route("DELETE", "/2017-03-31/tags/{label}", "UntagResource", false, (c, r) => tags.untagResource(c, r.label, r.query)),
];

export interface RouteMatch {
  route: Route;
  label: string;
}

/** Splits a request path into decoded segments; one trailing slash is tolerated (older SDKs). */
export function pathSegments(pathname: string): string[] {
  const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  try {
    return trimmed.split("/").slice(1).map((s) => decodeURIComponent(s));
  } catch {
    throw invalidRequestContent("The request path is not valid percent-encoding.");
  }
}

export function matchRoute(method: string, segments: string[]): RouteMatch | undefined {
  for (const r of ROUTES) {
    if (r.method !== method || r.path.length !== segments.length) continue;
    let label = "";
    const ok = r.path.every((p, i) => {
      if (p === "{label}") {
        label = segments[i];
        return true;
      }
      return p === segments[i];
    });
    if (ok) return { route: r, label };
  }
  return undefined;
}
