import { describe, expect, it } from "vitest";
import { missingPermissions, permissionText, permissionsToCheck, type PermissionSettings } from "./cluster-permissions";

const local: PermissionSettings = { authMode: "local", controllerNamespaces: ["ack-system"] };
const proxy: PermissionSettings = { authMode: "proxy", controllerNamespaces: ["ack-system", "ack-lambda"] };
const allBut = (s: PermissionSettings, ...lacking: string[]) => new Map(permissionsToCheck(s).map((p) => [permissionText(p), !lacking.includes(permissionText(p))]));

describe("the dashboard's permissions in a cluster", () => {
  it("asks every read, the controller's namespaces one by one, and in proxy mode the reviews and impersonation", () => {
    expect(permissionsToCheck(local).map(permissionText)).toEqual([
      "get functions.lambda.services.k8s.aws",
      "list functions.lambda.services.k8s.aws",
      "watch functions.lambda.services.k8s.aws",
      "list namespaces",
      "watch namespaces",
      "list events",
      "watch events",
      "list deployments.apps in ack-system",
    ]);
    expect(permissionsToCheck({ ...local, controllerNamespaces: [] }).map(permissionText)).toContain("list deployments.apps");
    expect(permissionsToCheck(proxy).map(permissionText).slice(8)).toEqual([
      "list deployments.apps in ack-lambda",
      "create subjectaccessreviews.authorization.k8s.io",
      "impersonate-on:user-info:patch functions.lambda.services.k8s.aws",
      "impersonate-on:user-info:delete functions.lambda.services.k8s.aws",
      "impersonate users",
      "impersonate groups",
    ]);
  });

  it("names exactly what lacks", () => {
    expect(missingPermissions(local, allBut(local))).toEqual([]);
    expect(missingPermissions(local, allBut(local, "watch events"))).toEqual(["watch events"]);
    expect(missingPermissions(local, new Map())).toHaveLength(8);
  });

  it("proxy mode: either impersonation will do; with neither, the constrained rules lacking are named", () => {
    expect(missingPermissions(proxy, allBut(proxy, "impersonate users", "impersonate groups"))).toEqual([]);
    expect(missingPermissions(proxy, allBut(proxy, "impersonate-on:user-info:patch functions.lambda.services.k8s.aws", "impersonate-on:user-info:delete functions.lambda.services.k8s.aws"))).toEqual([]);
    expect(missingPermissions(proxy, allBut(proxy, "impersonate-on:user-info:patch functions.lambda.services.k8s.aws", "impersonate users", "impersonate groups"))).toEqual([
      "impersonate-on:user-info:patch functions.lambda.services.k8s.aws",
    ]);
    expect(missingPermissions(proxy, allBut(proxy, "create subjectaccessreviews.authorization.k8s.io", "impersonate-on:user-info:patch functions.lambda.services.k8s.aws"))).toEqual([
      "create subjectaccessreviews.authorization.k8s.io",
    ]);
  });
});
