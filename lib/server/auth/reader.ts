import "server-only";
import { notFound } from "../http/errors";
import type { HeaderReader } from "../http/header-view";
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
export async function readerOf(req: { readonly headers: HeaderReader }, config: AuthConfig): Promise<Identity | null> {
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

/** What an audit entry is about, for FunctionVisibility: a Function, or a batch of them. */
interface AuditSubject {
  cluster: string;
  namespace: string;
  actor: { user: string };
  preconditions: Record<string, unknown>;
}

/**
 * May `reader` see this audit entry? One about a Function: when they may list Functions in its
 * namespace. One about a batch (namespace "", its clusters joined): when they may see every
 * Function it names, or when they sent it (a preview may name Functions, even clusters, that do
 * not exist: the sender knows what they asked, and the entry says nothing more).
 */
export async function seesAuditEntry(visibility: FunctionVisibility, reader: Identity | null, entry: AuditSubject): Promise<boolean> {
  if (!reader) return true;
  if (entry.namespace !== "") return visibility.sees(reader, entry);
  const batch = entry.preconditions.batch as { functions?: unknown } | undefined;
  const ids = Array.isArray(batch?.functions) ? batch.functions.filter((f): f is string => typeof f === "string") : [];
  if (entry.actor.user === reader.user) return true;
  if (ids.length === 0) return false;
  for (const id of ids) {
    const [cluster, namespace] = id.split("/");
    if (!cluster || !namespace || !(await visibility.sees(reader, { cluster, namespace }))) return false;
  }
  return true;
}
