/**
 * Constrained impersonation (KEP-5284; feature ConstrainedImpersonation, beta and on by
 * default since Kubernetes 1.36): before the legacy `impersonate` check, kube-apiserver tries
 * modes that each need `impersonate-on:<mode>:<verb>` on the request itself, then
 * `impersonate:<mode>` on the impersonated user, groups, uid and extras (group
 * authentication.k8s.io). When every mode fails, the error of the first mode that applied is
 * returned, so a refusal names the request (`cannot impersonate-on:user-info:patch resource
 * "functions" ...`), not `users`. Source: k8s.io/apiserver v0.37 endpoints/filters/impersonation
 * (constrained_impersonation.go, mode.go); seen on v1.37 by conformance/kube/access.ts.
 */
import type { NonResourceAttributes, RequestAttributes } from "./attributes";
import { type AccessAttributes, type RbacPolicy, type SimIdentity, SYSTEM_MASTERS, authorize, forbiddenReason } from "./rbac";
import { type ApiError, errors } from "./status";

export interface WantedUser {
  user: string;
  groups: string[];
  uid?: string;
  extras: Array<[key: string, values: string[]]>;
}

type Mode = "arbitrary-node" | "serviceaccount" | "user-info";

const SA = /^system:serviceaccount:([^:]+):([^:]+)$/;
const NODE = /^system:node:(.+)$/;
const AUTHN = "authentication.k8s.io";

/** Go's %q for the strings kube-apiserver formats with it. */
const q = (s: string) => JSON.stringify(s);

/** `requested &user.DefaultInfo{...} without impersonating a user name` (Go's %#v of the wanted user). */
export function missingUserMessage(w: Omit<WantedUser, "user">): string {
  const groups = w.groups.length ? `[]string{${w.groups.map(q).join(", ")}}` : "[]string(nil)";
  const extras = w.extras.length
    ? `map[string][]string{${[...w.extras].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${q(k)}:[]string{${v.map(q).join(", ")}}`).join(", ")}}`
    : "map[string][]string(nil)";
  return `requested &user.DefaultInfo{Name:"", UID:${q(w.uid ?? "")}, Groups:${groups}, Extra:${extras}} without impersonating a user name`;
}

/** Which constrained mode applies to the wanted user, if any (the associated-node mode needs a node-bound requester, which the sim has not). */
function modeOf(w: WantedUser): Mode | null {
  const onlyName = w.groups.length === 0 && !w.uid && w.extras.length === 0;
  if (NODE.test(w.user)) return onlyName ? "arbitrary-node" : null;
  if (SA.test(w.user)) return onlyName ? "serviceaccount" : null;
  return "user-info";
}

function forbid(who: SimIdentity, a: AccessAttributes, extra?: string): ApiError {
  const why = forbiddenReason(who, a);
  return errors.forbidden({ group: a.apiGroup, resource: a.resource }, a.name ?? "", extra ? `${why}: ${extra}` : why);
}

function forbidPath(who: SimIdentity, a: NonResourceAttributes, verb: string): ApiError {
  return errors.forbiddenPath(`User ${q(who.user)} cannot ${verb} path ${q(a.path)}`);
}

/** The sim's RBAC has no nonResourceURLs rules: only system:masters may do anything to a path. */
function allowedOnRequest(policy: RbacPolicy, who: SimIdentity, request: RequestAttributes, verb: string): boolean {
  if ("nonResource" in request) return who.groups.includes(SYSTEM_MASTERS);
  return authorize(policy, who, { ...request, verb }).allowed;
}

/**
 * The constrained modes for a wanted user: the impersonated identity when one allows it,
 * the refusal of the first mode that applies, or null when no mode applies (legacy decides).
 */
export function constrainedImpersonation(w: WantedUser, requester: SimIdentity, policy: RbacPolicy, request: RequestAttributes): SimIdentity | ApiError | null {
  const mode = modeOf(w);
  if (!mode) return null;
  const onVerb = `impersonate-on:${mode}:${request.verb}`;
  if (!allowedOnRequest(policy, requester, request, onVerb)) {
    return "nonResource" in request ? forbidPath(requester, request, onVerb) : forbid(requester, { ...request, verb: onVerb });
  }
  const verb = `impersonate:${mode}`;
  const asks: Array<{ attrs: AccessAttributes; refusal?: string }> = [];
  const sa = SA.exec(w.user);
  const node = NODE.exec(w.user);
  if (sa) asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "serviceaccounts", namespace: sa[1], name: sa[2] } });
  else if (node) asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "nodes", name: node[1] } });
  else asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "users", name: w.user } });
  if (w.uid) asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "uids", name: w.uid } });
  if (w.groups.includes(SYSTEM_MASTERS)) {
    asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "groups", name: SYSTEM_MASTERS }, refusal: "impersonating the system:masters group is not allowed" });
  }
  for (const g of w.groups) asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "groups", name: g } });
  for (const [key, values] of w.extras) {
    for (const v of values) asks.push({ attrs: { verb, apiGroup: AUTHN, resource: "userextras", subresource: key, name: v } });
  }
  for (const ask of asks) {
    if (ask.refusal) return forbid(requester, ask.attrs, ask.refusal);
    if (!authorize(policy, requester, ask.attrs).allowed) return forbid(requester, ask.attrs);
  }
  const groups = node ? ["system:nodes"] : sa ? ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`] : [...w.groups];
  if (!groups.includes("system:authenticated")) groups.push("system:authenticated");
  return { user: w.user, groups };
}
