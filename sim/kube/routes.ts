/**
 * URL layout of the Kubernetes API (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris):
 * /api/v1/... for the core group, /apis/{group}/{version}/... for the others, optional
 * namespaces/{ns}/ segment, optional subresource, and the deprecated watch/ prefix.
 */
import { isServedGroupVersion } from "./discovery";
import { type ResourceDef, allResources, resourceByPath } from "./resources";
import { REVIEW_PLURALS, type ReviewKind } from "./reviews";

export type Route =
  | { type: "health"; path: string }
  | { type: "version" }
  | { type: "openapi"; version: string; path: string }
  | { type: "discovery-root"; core: boolean }
  | { type: "discovery-group"; group: string }
  | { type: "discovery-resources"; group: string; version: string }
  | { type: "resource"; def: ResourceDef; namespace?: string; name?: string; subresource?: string; watchPrefix: boolean }
  | { type: "review"; kind: ReviewKind; group: string; plural: string; namespace?: string }
  | { type: "unknown-resource"; group: string; plural: string; namespace?: string }
  | { type: "not-found" };

function decode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

export function parseRoute(pathname: string): Route {
  const segs = pathname.split("/").filter((s) => s !== "").map(decode);
  if (segs.length === 0) return { type: "not-found" };
  const [root] = segs;
  if (["healthz", "livez", "readyz"].includes(root)) return { type: "health", path: pathname };
  if (root === "version" && segs.length === 1) return { type: "version" };
  if (root === "openapi") return { type: "openapi", version: segs[1] ?? "", path: segs.slice(2).join("/") };
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (root === "api") {
    if (segs.length === 1) return { type: "discovery-root", core: true };
    group = "";
    version = segs[1];
    rest = segs.slice(2);
  } else if (root === "apis") {
    if (segs.length === 1) return { type: "discovery-root", core: false };
    group = segs[1];
    if (segs.length === 2) return { type: "discovery-group", group };
    version = segs[2];
    rest = segs.slice(3);
  } else return { type: "not-found" };
  if (!isServedGroupVersion(group, version)) return { type: "not-found" };
  if (rest.length === 0) return { type: "discovery-resources", group, version };

  let watchPrefix = false;
  if (rest[0] === "watch") {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  const namespacedPlural = (p: string | undefined) =>
    p !== undefined && (allResources().some((r) => r.group === group && r.version === version && r.plural === p && r.namespaced) || (REVIEW_PLURALS[p]?.namespaced && REVIEW_PLURALS[p].group === group));
  if (rest[0] === "namespaces" && rest.length >= 3 && (group !== "" || namespacedPlural(rest[2]))) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length) return { type: "not-found" };
  const review = REVIEW_PLURALS[plural];
  if (review && review.group === group) {
    if (name || watchPrefix) return { type: "not-found" };
    return { type: "review", kind: review.kind, group, plural, namespace };
  }
  const def = resourceByPath(group, version, plural);
  if (!def) return { type: "unknown-resource", group, plural, namespace };
  if (namespace !== undefined && !def.namespaced) return { type: "not-found" };
  return { type: "resource", def, namespace, name, subresource, watchPrefix };
}
