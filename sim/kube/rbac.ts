/**
 * RBAC-like authorisation from a configurable policy. Semantics follow Kubernetes RBAC
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): rules are additive (no
 * deny), "*" is a wildcard, subresources are named "functions/status", resourceNames only
 * restrict requests that name an object. A binding with `namespaces` acts like a RoleBinding in
 * each listed namespace; without, like a ClusterRoleBinding.
 */
export interface SimIdentity {
  user: string;
  groups: string[];
}

export interface RbacRule {
  verbs: string[];
  /** Undefined matches every API group. */
  apiGroups?: string[];
  resources: string[];
  /** Undefined: cluster-wide. Otherwise only requests in these namespaces match. */
  namespaces?: string[];
  resourceNames?: string[];
}

export interface RbacBinding {
  subjects: Array<{ kind: "User" | "Group"; name: string }>;
  rules: RbacRule[];
  /**
   * Optional names of the binding and of its role, as a real cluster has them: with them an
   * allowed access review's reason reads like kube-apiserver's RBAC authorizer
   * (`RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to Group "g"`).
   */
  name?: string;
  roleRef?: { kind: "ClusterRole" | "Role"; name: string };
}

export interface RbacPolicy {
  bindings: RbacBinding[];
}

/** What is being asked, as authorizer.Attributes in kube-apiserver. */
export interface AccessAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export const SYSTEM_MASTERS = "system:masters";
export const SYSTEM_AUTHENTICATED = "system:authenticated";

/** Full access for the group system:masters; SelfSubjectAccessReview/Review for everyone (system:basic-user). */
export function defaultPolicy(): RbacPolicy {
  return {
    bindings: [
      {
        subjects: [{ kind: "Group", name: SYSTEM_MASTERS }],
        rules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      },
      {
        subjects: [{ kind: "Group", name: SYSTEM_AUTHENTICATED }],
        rules: [
          {
            verbs: ["create"],
            apiGroups: ["authorization.k8s.io", "authentication.k8s.io"],
            resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews"],
          },
        ],
      },
    ],
  };
}

function matchesOne(list: string[] | undefined, value: string): boolean {
  return list === undefined || list.includes("*") || list.includes(value);
}

function resourceMatches(rules: string[], resource: string, subresource?: string): boolean {
  const full = subresource ? `${resource}/${subresource}` : resource;
  return rules.some((r) => {
    if (r === "*" || r === full) return true;
    if (subresource && (r === `*/${subresource}` || r === `${resource}/*`)) return true;
    return false;
  });
}

export function ruleAllows(rule: RbacRule, a: AccessAttributes): boolean {
  if (!matchesOne(rule.verbs, a.verb)) return false;
  if (!matchesOne(rule.apiGroups, a.apiGroup)) return false;
  if (!resourceMatches(rule.resources, a.resource, a.subresource)) return false;
  if (rule.namespaces && !(a.namespace && (rule.namespaces.includes(a.namespace) || rule.namespaces.includes("*")))) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0 && !(a.name && rule.resourceNames.includes(a.name))) return false;
  return true;
}

export function authorize(policy: RbacPolicy, who: SimIdentity, a: AccessAttributes): Decision {
  for (const [i, binding] of policy.bindings.entries()) {
    const subject = binding.subjects.find(
      (s) => (s.kind === "User" && s.name === who.user) || (s.kind === "Group" && who.groups.includes(s.name)),
    );
    if (!subject) continue;
    if (binding.rules.some((r) => ruleAllows(r, a))) {
      return { allowed: true, reason: `RBAC: allowed by ${describeBinding(binding, i, a.namespace)} to ${subject.kind} "${subject.name}"` };
    }
  }
  return { allowed: false, reason: "" };
}

/** plugin/pkg/auth/authorizer/rbac (clusterRoleBindingDescriber / roleBindingDescriber). */
function describeBinding(b: RbacBinding, index: number, namespace: string | undefined): string {
  if (!b.name || !b.roleRef) return `sim policy binding #${index}`;
  // A Role is bound by a RoleBinding, named "<namespace>/<name>" in the reason.
  const kind = b.roleRef.kind === "Role" ? "RoleBinding" : "ClusterRoleBinding";
  const name = kind === "RoleBinding" && namespace ? `${namespace}/${b.name}` : b.name;
  return `${kind} ${JSON.stringify(name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)}`;
}

/** The text after "is forbidden: " in a 403, as pkg/endpoints/handlers/responsewriters/errors.go words it. */
export function forbiddenReason(who: SimIdentity, a: AccessAttributes): string {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `User "${who.user}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" ${scope}`;
}
