/**
 * RBAC for the real stack (kube-apiserver --authorization-mode=RBAC):
 * - viewer: read-only on the ACK Lambda kinds and on what the dashboard shows beside them
 *   (Events, namespaces, the controller's Deployment);
 * - operator: the viewer's rights plus patch/update/delete of Functions and creating access
 *   reviews (SubjectAccessReview / SelfSubjectAccessReview);
 * - dashboard (the dashboard's own identity): read, access reviews, and impersonation of users
 *   and groups, so remediations run as the operator who asked for them (remediation guard 3, docs/architecture.md).
 * The admin needs nothing here: it is in system:masters.
 */
import type { KubernetesObject, V1ClusterRole, V1ClusterRoleBinding, V1PolicyRule } from "@kubernetes/client-node";
import { ACK_GROUP, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { IDENTITY_SPECS } from "./identities";

const READ = ["get", "list", "watch"];

const READ_RULES: V1PolicyRule[] = [
  { apiGroups: [ACK_GROUP], resources: ["*"], verbs: READ },
  { apiGroups: ["services.k8s.aws"], resources: ["*"], verbs: READ },
  { apiGroups: [""], resources: ["events", "namespaces"], verbs: READ },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: READ },
  { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: READ },
];

const ACCESS_REVIEWS: V1PolicyRule = {
  apiGroups: ["authorization.k8s.io"],
  resources: ["subjectaccessreviews", "selfsubjectaccessreviews"],
  verbs: ["create"],
};

export const CLUSTER_ROLES: Record<"viewer" | "operator" | "dashboard", V1ClusterRole> = {
  viewer: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "ack-fleet-viewer" },
    rules: READ_RULES,
  },
  operator: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "ack-fleet-operator" },
    rules: [
      ...READ_RULES,
      { apiGroups: [ACK_GROUP], resources: [FUNCTION_PLURAL], verbs: ["patch", "update", "delete"] },
      ACCESS_REVIEWS,
    ],
  },
  dashboard: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "ack-fleet-dashboard" },
    rules: [
      ...READ_RULES,
      ACCESS_REVIEWS,
      // https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
      { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["userextras/*", "uids"], verbs: ["impersonate"] },
    ],
  },
};

function bindingToGroup(role: V1ClusterRole, group: string): V1ClusterRoleBinding {
  const name = role.metadata!.name!;
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  };
}

/** ClusterRoles and their bindings to each identity's group, in creation order. */
export function rbacObjects(): KubernetesObject[] {
  const roles = Object.entries(CLUSTER_ROLES) as Array<[keyof typeof CLUSTER_ROLES, V1ClusterRole]>;
  return [
    ...roles.map(([, role]) => role),
    ...roles.map(([id, role]) => bindingToGroup(role, IDENTITY_SPECS[id].groups[0])),
  ];
}
