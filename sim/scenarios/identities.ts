/**
 * Who may do what in the simulated clusters: one bearer token per identity and an RBAC policy
 * shaped like the ClusterRoles a real installation would grant (docs/architecture.md "Remediation guards").
 */
import { randomBytes } from "node:crypto";
import { ACK_GROUP, CONTROLLER_NAMESPACE } from "@/lib/domain/ack";
import { defaultPolicy, type RbacPolicy, type SimIdentity } from "../kube/server";

export interface FleetTokens {
  /** list/watch/get everything, create SubjectAccessReviews, impersonate users and groups. */
  dashboard: string;
  /** get/list/watch, patch/update/delete functions, create events. */
  operator: string;
  /** read only. */
  viewer: string;
  /** system:masters. */
  admin: string;
}

export const IDENTITIES = {
  dashboard: { user: "system:serviceaccount:ack-fleet:dashboard", groups: ["system:serviceaccounts"] },
  operator: { user: "operator@example.com", groups: ["ack-operators"] },
  viewer: { user: "viewer@example.com", groups: ["ack-viewers"] },
  admin: { user: "admin", groups: ["system:masters"] },
  /** Signs in through the proxy only (no token): may list Functions in the checkout namespace, nothing else. */
  checkoutDev: { user: "dev@example.com", groups: ["checkout-team"] },
  controller: { user: "system:serviceaccount:ack-system:ack-lambda-controller", groups: ["system:serviceaccounts"] },
} satisfies Record<string, SimIdentity>;

const READ = ["get", "list", "watch"];

export function fleetPolicy(): RbacPolicy {
  return {
    bindings: [
      ...defaultPolicy().bindings,
      {
        subjects: [{ kind: "User", name: IDENTITIES.dashboard.user }],
        rules: [
          { verbs: READ, resources: ["*"] },
          { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"] },
          { verbs: ["impersonate"], apiGroups: [""], resources: ["users", "groups"] },
        ],
      },
      {
        subjects: [{ kind: "Group", name: "ack-operators" }],
        rules: [
          { verbs: READ, resources: ["*"] },
          { verbs: ["patch", "update", "delete"], apiGroups: [ACK_GROUP], resources: ["functions"] },
          { verbs: ["create"], apiGroups: [""], resources: ["events"] },
        ],
      },
      { subjects: [{ kind: "Group", name: "ack-viewers" }], rules: [{ verbs: READ, resources: ["*"] }] },
      {
        // A RoleBinding in checkout of a ClusterRole that reads Functions (per-user reads in proxy mode).
        subjects: [{ kind: "Group", name: "checkout-team" }],
        rules: [{ verbs: READ, apiGroups: [ACK_GROUP], resources: ["functions"], namespaces: ["checkout"] }],
      },
      {
        // The controller's ClusterRole (Helm chart), plus what the model needs to play its own Deployment.
        subjects: [{ kind: "User", name: IDENTITIES.controller.user }],
        rules: [
          { verbs: ["*"], apiGroups: [ACK_GROUP], resources: ["*"] },
          { verbs: READ, apiGroups: [""], resources: ["namespaces", "configmaps"] },
          { verbs: ["create", "patch"], apiGroups: [""], resources: ["events"] },
          { verbs: ["create"], apiGroups: [""], resources: ["namespaces"] },
          { verbs: ["*"], apiGroups: ["apps"], resources: ["deployments", "deployments/status"], namespaces: [CONTROLLER_NAMESPACE] },
        ],
      },
    ],
  };
}

/** Fresh random tokens per run: the sim listens on loopback, but nobody should guess them. */
export function makeTokens(): FleetTokens & { controller: string } {
  const t = (who: string) => `sim-${who}-${randomBytes(18).toString("base64url")}`;
  return { dashboard: t("dashboard"), operator: t("operator"), viewer: t("viewer"), admin: t("admin"), controller: t("controller") };
}

export function tokenTable(tokens: FleetTokens & { controller: string }): Record<string, SimIdentity> {
  return {
    [tokens.dashboard]: IDENTITIES.dashboard,
    [tokens.operator]: IDENTITIES.operator,
    [tokens.viewer]: IDENTITIES.viewer,
    [tokens.admin]: IDENTITIES.admin,
    [tokens.controller]: IDENTITIES.controller,
  };
}
