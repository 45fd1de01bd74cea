/**
 * The chart's RBAC is exactly what the dashboard says it needs (lib/domain/cluster-permissions.ts,
 * the list its permission self-check asks for), both ways: every rule the rendered ClusterRole
 * and Roles grant is needed, and every need is granted; for every documented values set, before
 * and after Kubernetes 1.36 (legacy and constrained impersonation).
 */
import { describe, expect, it } from "vitest";
import { permissionText, requiredPermissions, type ImpersonationMode, type PermissionSettings } from "@/lib/domain/cluster-permissions";
import { runnableOrReport } from "../test-support";
import { findHelm } from "../tools";
import { ciValuesFiles, find, render, type K8sObject } from "./render";

const helm = findHelm();
const runnable = runnableOrReport("helm chart RBAC against the dashboard's needs", helm ? [] : ["helm is not built: run scripts/deploy-tools-build.sh"]);

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };

/** Each (verb, group, resource, namespace) a rule grants, as permissionText() names it. */
function granted(objects: K8sObject[]): string[] {
  const out: string[] = [];
  for (const o of objects.filter((x) => x.kind === "ClusterRole" || x.kind === "Role")) {
    const namespace = o.kind === "Role" ? (o.metadata.namespace ?? null) : null;
    for (const r of (o as unknown as { rules: Rule[] }).rules) {
      for (const group of r.apiGroups ?? [""]) for (const resource of r.resources ?? []) for (const verb of r.verbs) out.push(permissionText({ verb, group, resource, namespace }));
    }
  }
  return out.sort();
}

/** What the dashboard configured by this render needs (its ConfigMap is its environment). */
function needed(objects: K8sObject[], mode: ImpersonationMode): string[] {
  const data = (find(objects, "ConfigMap", "ack-lambda-fleet") as unknown as { data: Record<string, string> }).data;
  const settings: PermissionSettings = {
    authMode: data.ACK_FLEET_AUTH_MODE === "proxy" ? "proxy" : "local",
    controllerNamespaces: (data.ACK_FLEET_CONTROLLER_NAMESPACES ?? "").split(",").filter(Boolean),
  };
  return requiredPermissions(settings, mode).map(permissionText).sort();
}

describe.skipIf(!runnable)("the chart's ClusterRole and Roles against lib/domain/cluster-permissions.ts", () => {
  it("grant exactly what the dashboard needs, for every documented values set, with either impersonation", () => {
    for (const f of ciValuesFiles()) {
      for (const [kubeVersion, mode] of [
        ["1.35.4", "legacy"],
        ["1.37.2", "constrained"],
      ] as const) {
        const objects = render(helm!, { valuesFiles: [f], kubeVersion });
        expect(granted(objects), `${f} on ${kubeVersion}`).toEqual(needed(objects, mode));
      }
    }
  });

  it("notices a difference: a rule the dashboard does not need, or a need the chart does not grant", () => {
    const objects = render(helm!, { valuesFiles: ["default-values.yaml"] });
    const role = find(objects, "ClusterRole") as unknown as { rules: Rule[] };
    role.rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] });
    expect(granted(objects)).not.toEqual(needed(objects, "constrained"));
    role.rules.pop();
    role.rules[2] = { ...role.rules[2], verbs: ["list"] };
    expect(granted(objects)).not.toEqual(needed(objects, "constrained"));
    expect(needed(objects, "constrained").filter((t) => !granted(objects).includes(t))).toEqual(["watch events"]);
  });
});
