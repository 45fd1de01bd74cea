import "server-only";
import { apiError } from "../http/respond";
import { AuthError } from "../auth/identity";
import { RemediationError, refuse } from "./errors";
import type { Target } from "./prepare";

/**
 * Shared by the remediation route handlers: turning refusals into `{error:{code, message}}`
 * answers (429 with Retry-After), and validating the path's cluster/namespace/name.
 */
export async function remediationRoute(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RemediationError) {
      const res = apiError(err.status, err.code, err.message);
      if (err.extra.retryAfterSeconds) res.headers.set("Retry-After", String(err.extra.retryAfterSeconds));
      return res;
    }
    if (err instanceof AuthError) {
      const res = apiError(err.status, err.code, err.message);
      if (err.status === 401) res.headers.set("WWW-Authenticate", 'Proxy realm="ack-lambda-fleet"');
      return res;
    }
    throw err; // handle() answers 500 / 503
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes names: namespace a DNS label (63), name a DNS subdomain (253). Contexts may be anything printable. */
export function parseTarget(p: { cluster: string; namespace: string; name: string }): Target {
  if (!p.cluster || p.cluster.length > 253 || /[\u0000-\u001f]/.test(p.cluster)) throw refuse.badRequest("the cluster name is not valid");
  if (p.namespace.length > 63 || !DNS_LABEL.test(p.namespace)) throw refuse.badRequest("the namespace is not a valid Kubernetes namespace name");
  if (p.name.length > 253 || !DNS_SUBDOMAIN.test(p.name)) throw refuse.badRequest("the name is not a valid Kubernetes object name");
  return { cluster: p.cluster, namespace: p.namespace, name: p.name };
}
