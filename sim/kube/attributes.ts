/**
 * The authorizer attributes of a request, as kube-apiserver's RequestInfoFactory derives them
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): a resource request has a verb from
 * the method (get/list/watch, create, update, patch, delete/deletecollection) and the object's
 * group, resource, subresource, namespace and name; anything else is a non-resource request
 * whose verb is the lower-cased method. Used where a message must name the request itself.
 */
import type { AccessAttributes } from "./rbac";
import type { Route } from "./routes";

export type NonResourceAttributes = { nonResource: true; verb: string; path: string };
export type RequestAttributes = AccessAttributes | NonResourceAttributes;

const truthy = (v: string | null) => v === "true" || v === "1";

function resourceVerb(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return watch ? "watch" : named ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return named ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

export function requestAttributes(route: Route, method: string, url: URL): RequestAttributes {
  switch (route.type) {
    case "resource":
      return {
        verb: resourceVerb(method, !!route.name, route.watchPrefix || truthy(url.searchParams.get("watch"))),
        apiGroup: route.def.group,
        resource: route.def.plural,
        subresource: route.subresource,
        namespace: route.namespace,
        name: route.name,
      };
    case "review":
      return { verb: resourceVerb(method, false, false), apiGroup: route.group, resource: route.plural, namespace: route.namespace };
    case "unknown-resource":
      return { verb: resourceVerb(method, false, truthy(url.searchParams.get("watch"))), apiGroup: route.group, resource: route.plural, namespace: route.namespace };
    default:
      return { nonResource: true, verb: method.toLowerCase(), path: url.pathname };
  }
}

/** "v1.37.2" → 37; undefined when the version is not of that shape. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:\.|$)/.exec(version);
  return m ? Number(m[1]) : undefined;
}
