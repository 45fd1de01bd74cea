/**
 * The simulator's RBAC policy for the conformance suite, derived from the very ClusterRoles and
 * bindings the real stack installs (realstack/rbac.ts), so both targets enforce one policy:
 * each ClusterRole bound to a group becomes a sim binding to that group with the same rules,
 * on top of the bootstrap bindings every apiserver has (system:masters; self reviews for
 * system:authenticated, https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles).
 */
import type { V1ClusterRole, V1ClusterRoleBinding, V1PolicyRule } from "@kubernetes/client-node";
import { CLUSTER_ROLES, rbacObjects } from "../realstack/rbac";
import { defaultPolicy, type RbacPolicy, type RbacRule } from "../sim/kube/server";

function simRule(rule: V1PolicyRule): RbacRule {
  return {
    verbs: [...rule.verbs],
    apiGroups: rule.apiGroups ? [...rule.apiGroups] : undefined,
    resources: [...(rule.resources ?? [])],
    resourceNames: rule.resourceNames ? [...rule.resourceNames] : undefined,
  };
}

export function conformancePolicy(): RbacPolicy {
  const roles = new Map<string, V1ClusterRole>(Object.values(CLUSTER_ROLES).map((r) => [r.metadata!.name!, r]));
  const bindings = rbacObjects().filter((o): o is V1ClusterRoleBinding => o.kind === "ClusterRoleBinding");
  const policy = defaultPolicy();
  for (const b of bindings) {
    const role = roles.get(b.roleRef.name);
    if (!role) throw new Error(`ClusterRoleBinding ${b.metadata?.name} names an unknown ClusterRole ${b.roleRef.name}`);
    policy.bindings.push({
      name: b.metadata?.name,
      roleRef: { kind: "ClusterRole", name: b.roleRef.name },
      subjects: (b.subjects ?? []).map((s) => ({ kind: s.kind === "Group" ? "Group" : "User", name: s.name })),
      rules: (role.rules ?? []).map(simRule),
    });
  }
  return policy;
}
