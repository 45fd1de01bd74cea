/**
 * Authentication (static bearer tokens) and impersonation, following kube-apiserver's token
 * authenticator and WithImpersonation filter
 * (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation).
 * Tokens are never echoed in errors.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { RequestAttributes } from "./attributes";
import { constrainedImpersonation, missingUserMessage } from "./constrained-impersonation";
import { type AccessAttributes, type RbacPolicy, type SimIdentity, SYSTEM_AUTHENTICATED, authorize, forbiddenReason } from "./rbac";
import { ApiError, errors, makeStatus } from "./status";

/** Headers as lists (node joins repeated unknown headers with ", ", which breaks group names). */
export type HeaderLists = Record<string, string[] | undefined>;

/**
 * Returns the caller, undefined when no credentials were sent (anonymous), or throws 401 for
 * credentials that do not authenticate.
 */
export function authenticate(headers: IncomingHttpHeaders, tokens: Record<string, SimIdentity>): SimIdentity | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const m = /^bearer\s+(\S+)\s*$/i.exec(header);
  const identity = m ? tokens[m[1]] : undefined;
  if (!identity) throw errors.unauthorized();
  const groups = identity.groups.includes(SYSTEM_AUTHENTICATED) ? [...identity.groups] : [...identity.groups, SYSTEM_AUTHENTICATED];
  return { user: identity.user, groups };
}

interface ImpersonationAsk {
  attrs: AccessAttributes;
  /** For the 403 message: `users "alice"`. */
  describe: { resource: string; group: string; name: string };
}

const SA_PREFIX = "system:serviceaccount:";

/**
 * Applies Impersonate-User / Impersonate-Group / Impersonate-Uid / Impersonate-Extra-* headers:
 * each needs the `impersonate` verb for the requester. Returns the identity to act as.
 * With `request` (the attributes of the request being made), constrained impersonation is on,
 * as in Kubernetes 1.36+ (constrained-impersonation.ts): its modes are tried first, their
 * refusal is the one reported, and a missing user name is a 400.
 */
export function impersonate(headers: HeaderLists, requester: SimIdentity, policy: RbacPolicy, request?: RequestAttributes): SimIdentity {
  const user = headers["impersonate-user"]?.[0];
  const groups = headers["impersonate-group"] ?? [];
  const uid = headers["impersonate-uid"]?.[0];
  const extras = Object.entries(headers)
    .filter(([h]) => h.startsWith("impersonate-extra-"))
    .map(([h, values]) => [h.slice("impersonate-extra-".length), values ?? []] as [string, string[]]);
  if (!user && !groups.length && !uid && !extras.length) return requester;
  if (!user && request) throw errors.badRequest(missingUserMessage({ groups, uid, extras }));

  const legacy = legacyImpersonation({ user, groups, uid, extras }, requester, policy);
  if (!(legacy instanceof ApiError)) return legacy;
  if (request && user) {
    const constrained = constrainedImpersonation({ user, groups, uid, extras }, requester, policy, request);
    if (constrained instanceof ApiError) throw constrained;
    if (constrained) return constrained;
  }
  throw legacy;
}

/** The `impersonate` verb on users (or serviceaccounts), groups, uids and userextras (legacy mode). */
function legacyImpersonation(w: { user?: string; groups: string[]; uid?: string; extras: Array<[string, string[]]> }, requester: SimIdentity, policy: RbacPolicy): SimIdentity | ApiError {
  const { user, groups, uid } = w;
  const asks: ImpersonationAsk[] = [];
  let saGroups: string[] = [];
  if (user) {
    const sa = user.startsWith(SA_PREFIX) ? user.slice(SA_PREFIX.length).split(":") : undefined;
    if (sa && sa.length === 2 && sa[0] && sa[1]) {
      asks.push({ attrs: { verb: "impersonate", apiGroup: "", resource: "serviceaccounts", namespace: sa[0], name: sa[1] }, describe: { resource: "serviceaccounts", group: "", name: sa[1] } });
      saGroups = ["system:serviceaccounts", `system:serviceaccounts:${sa[0]}`];
    } else {
      asks.push({ attrs: { verb: "impersonate", apiGroup: "", resource: "users", name: user }, describe: { resource: "users", group: "", name: user } });
    }
  }
  for (const g of groups) {
    asks.push({ attrs: { verb: "impersonate", apiGroup: "", resource: "groups", name: g }, describe: { resource: "groups", group: "", name: g } });
  }
  if (uid) {
    asks.push({ attrs: { verb: "impersonate", apiGroup: "authentication.k8s.io", resource: "uids", name: uid }, describe: { resource: "uids", group: "authentication.k8s.io", name: uid } });
  }
  for (const [key, values] of w.extras) {
    for (const v of values) {
      asks.push({ attrs: { verb: "impersonate", apiGroup: "authentication.k8s.io", resource: "userextras", subresource: key, name: v }, describe: { resource: "userextras", group: "authentication.k8s.io", name: v } });
    }
  }
  if (!user) {
    // kube-apiserver before 1.36 answers this with an InternalError (impersonation.go buildImpersonationRequests).
    return new ApiError(makeStatus(500, "InternalError", `Internal error occurred: requested ${asks.map((a) => `${a.describe.resource}/${a.describe.name}`).join(", ")} without impersonating a user`));
  }
  for (const ask of asks) {
    if (!authorize(policy, requester, ask.attrs).allowed) {
      return errors.forbidden(ask.describe, ask.describe.name, forbiddenReason(requester, ask.attrs));
    }
  }
  const finalGroups = groups.length ? [...groups] : saGroups;
  if (user !== "system:anonymous" && !finalGroups.includes(SYSTEM_AUTHENTICATED) && !finalGroups.includes("system:unauthenticated")) {
    finalGroups.push(SYSTEM_AUTHENTICATED);
  }
  return { user, groups: finalGroups };
}
