import "server-only";
import { badRequest } from "./errors";
import type { FunctionRef } from "@/lib/domain/function-ref";

/**
 * A Function's coordinates from a request path (/api/functions/{cluster}/{namespace}/{name}/…)
 * or a `function=cluster/namespace/name` parameter, checked before anything is looked up.
 */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes names: namespace a DNS label (63), name a DNS subdomain (253). Contexts may be anything printable. */
export function parseTarget(p: { cluster: string; namespace: string; name: string }): FunctionRef {
  if (!p.cluster || p.cluster.length > 253 || /[\u0000-\u001f]/.test(p.cluster)) throw badRequest("the cluster name is not valid");
  if (p.namespace.length > 63 || !DNS_LABEL.test(p.namespace)) throw badRequest("the namespace is not a valid Kubernetes namespace name");
  if (p.name.length > 253 || !DNS_SUBDOMAIN.test(p.name)) throw badRequest("the name is not a valid Kubernetes object name");
  return { cluster: p.cluster, namespace: p.namespace, name: p.name };
}

/** `function=cluster/namespace/name` (the cluster may hold "/": an EKS context is an ARN). */
export function parseFunctionParam(value: string): FunctionRef {
  const parts = value.split("/");
  if (parts.length < 3) throw badRequest("function must be cluster/namespace/name");
  const name = parts.pop()!;
  const namespace = parts.pop()!;
  return parseTarget({ cluster: parts.join("/"), namespace, name });
}

/** Refuses any query parameter but the ones named (a typo must not silently widen a query). */
export function onlyParams(params: URLSearchParams, allowed: readonly string[]): void {
  for (const k of params.keys()) if (!allowed.includes(k)) throw badRequest(`unknown query parameter ${k.slice(0, 40)}`);
}
