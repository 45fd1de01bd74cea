/**
 * What the dashboard's own identity must be allowed in each cluster, in one place: the
 * permission self-check asks each of these as a SelfSubjectAccessReview (lib/server/kube/
 * permission-check.ts), and the Helm chart's ClusterRole and Roles must grant exactly these
 * (deploy/helm/chart-rbac.test.ts compares both ways). The requests behind each line:
 * lib/server/kube/cluster.ts (Functions, Namespaces, the controller's Deployments),
 * lib/server/timeline/event-watch.ts and lib/server/kube/events.ts (Events),
 * lib/server/kube/writes.ts (the fresh read, access reviews, impersonated writes). Pure.
 */
import { ACK_GROUP, FUNCTION_PLURAL } from "./ack";

export interface Permission {
  verb: string;
  /** API group; "" for the core group. */
  group: string;
  resource: string;
  /** null: in every namespace (or a cluster-scoped resource). */
  namespace: string | null;
}

export interface PermissionNeed extends Permission {
  why: string;
  /**
   * false: granted per name (RBAC resourceNames, the chart's rbac.impersonation.users/groups),
   * which an access review without a name cannot ask; the write that needs it says so itself.
   */
  selfCheck: boolean;
}

/**
 * How writes impersonate the signed-in user (proxy mode): constrained impersonation
 * (Kubernetes 1.36+, KEP-5284: only for the named verbs on the named resource) or the legacy
 * `impersonate` verb on users and groups.
 */
export type ImpersonationMode = "constrained" | "legacy";

export interface PermissionSettings {
  authMode: "local" | "proxy";
  /** ACK_FLEET_CONTROLLER_NAMESPACES; empty: the controller is looked for in every namespace. */
  controllerNamespaces: string[];
}

const need = (verb: string, group: string, resource: string, namespace: string | null, why: string, selfCheck = true): PermissionNeed => ({ verb, group, resource, namespace, why, selfCheck });

/** What every mode needs. */
export function readPermissions(s: PermissionSettings): PermissionNeed[] {
  const controller = s.controllerNamespaces.length ? s.controllerNamespaces : [null];
  return [
    need("get", ACK_GROUP, FUNCTION_PLURAL, null, "the fresh read before a remediation"),
    need("list", ACK_GROUP, FUNCTION_PLURAL, null, "the fleet"),
    need("watch", ACK_GROUP, FUNCTION_PLURAL, null, "the fleet, live"),
    need("list", "", "namespaces", null, "region, account and deletion policy from namespace annotations"),
    need("watch", "", "namespaces", null, "namespace annotations, live"),
    need("list", "", "events", null, "the detail page's events and the timeline"),
    need("watch", "", "events", null, "the timeline's events, live"),
    ...controller.map((ns) => need("list", "apps", "deployments", ns, "the ACK controller's version and readiness")),
  ];
}

/** What proxy mode adds: access reviews for the signed-in user, and impersonation for writes. */
export function proxyPermissions(mode: ImpersonationMode): PermissionNeed[] {
  const review = need("create", "authorization.k8s.io", "subjectaccessreviews", null, "may the signed-in user see or change it?");
  if (mode === "legacy") {
    return [
      review,
      need("impersonate", "", "users", null, "writes as the signed-in user", false),
      need("impersonate", "", "groups", null, "writes as the signed-in user's groups", false),
    ];
  }
  return [
    review,
    need("impersonate:user-info", "authentication.k8s.io", "users", null, "writes as the signed-in user", false),
    need("impersonate:user-info", "authentication.k8s.io", "groups", null, "writes as the signed-in user's groups", false),
    need("impersonate-on:user-info:patch", ACK_GROUP, FUNCTION_PLURAL, null, "finalizer removal and the deletion-policy annotation, as the signed-in user"),
    need("impersonate-on:user-info:delete", ACK_GROUP, FUNCTION_PLURAL, null, "deleting a Function, as the signed-in user"),
  ];
}

/** Everything the dashboard needs in one cluster with these settings and this impersonation mode. */
export function requiredPermissions(s: PermissionSettings, mode: ImpersonationMode): PermissionNeed[] {
  return [...readPermissions(s), ...(s.authMode === "proxy" ? proxyPermissions(mode) : [])];
}

/** "watch events", "list deployments.apps in ack-system": how a log line, the API and the UI name it. */
export function permissionText(p: Permission): string {
  const resource = p.group ? `${p.resource}.${p.group}` : p.resource;
  return `${p.verb} ${resource}${p.namespace ? ` in ${p.namespace}` : ""}`;
}

/**
 * What is missing, given the answers to permissionsToCheck() (`allowed`, keyed by
 * permissionText). Proxy mode's writes need either impersonation mode: the constrained rules
 * (patch and delete of Functions), or the legacy `impersonate` verb on users or groups asked
 * without a name. When neither shows, the constrained rules lacking are named. A legacy grant
 * restricted to names (rbac.impersonation.users and .groups both set) cannot be seen this way
 * and is reported as missing constrained rules.
 */
export function missingPermissions(s: PermissionSettings, allowed: ReadonlyMap<string, boolean>): string[] {
  const lacking = (needs: PermissionNeed[]) => needs.filter((n) => n.selfCheck && allowed.get(permissionText(n)) !== true).map(permissionText);
  const reads = lacking(readPermissions(s));
  if (s.authMode !== "proxy") return reads;
  const constrained = lacking(proxyPermissions("constrained"));
  const legacyImpersonation = proxyPermissions("legacy").filter((n) => n.verb === "impersonate");
  const legacyShows = legacyImpersonation.some((n) => allowed.get(permissionText(n)) === true);
  const review = permissionText(proxyPermissions("constrained")[0]);
  return [...reads, ...(legacyShows ? constrained.filter((t) => t === review) : constrained)];
}

/** The access reviews to ask: every self-checkable need, and the legacy impersonation probes in proxy mode. */
export function permissionsToCheck(s: PermissionSettings): Permission[] {
  const checkable = requiredPermissions(s, "constrained").filter((n) => n.selfCheck);
  const legacy = s.authMode === "proxy" ? proxyPermissions("legacy").filter((n) => n.verb === "impersonate") : [];
  return [...checkable, ...legacy].map(({ verb, group, resource, namespace }) => ({ verb, group, resource, namespace }));
}
