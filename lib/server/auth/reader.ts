import "server-only";
import { notFound } from "../http/errors";
import type { ClusterContext } from "../kube/kubeconfig";
import { subjectAccessReview } from "../kube/writes";
import { authenticate, type AuthConfig } from "./authenticate";
import type { Identity } from "./identity";
import type { FunctionVisibility, ListReview, Place } from "./visibility";

/**
 * Whose reads a request makes: in proxy mode the signed-in person (401 when the proxy did not
 * vouch for one), whose view is filtered by FunctionVisibility; in local mode `null`, the
 * operator's own kubeconfig, unfiltered as before (the request gate already refused what does
 * not come from this machine).
 */
export async function readerOf(req: Request, config: AuthConfig): Promise<Identity | null> {
  if (config.authMode !== "proxy") return null;
  return authenticate(req, config, null);
}

/** The `list` review of FunctionVisibility, asked of the cluster with the dashboard's identity. */
export function listReviewOn(contextOf: (cluster: string) => ClusterContext | undefined): ListReview {
  return async (cluster, identity, namespace) => {
    const ctx = contextOf(cluster);
    if (!ctx) return { ok: false, message: `no cluster named ${cluster}` };
    return subjectAccessReview(ctx.kc, { user: identity.user, groups: identity.groups }, { verb: "list", namespace });
  };
}

/**
 * 404, worded as for a Function that does not exist, when `reader` may not list Functions in
 * that namespace: a 403 would tell that something is there.
 */
export async function requireVisible(visibility: FunctionVisibility, reader: Identity | null, place: Place, notFoundMessage: string): Promise<void> {
  if (!(await visibility.sees(reader, place))) throw notFound(notFoundMessage);
}

/** The reader of an identity already authenticated: a proxy user is filtered, the local operator is not. */
export function asReader(identity: Identity): Identity | null {
  return identity.mode === "proxy" ? identity : null;
}
