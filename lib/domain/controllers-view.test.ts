import { describe, expect, it } from "vitest";
import { controllersView, targetVersion, upgradeCommands } from "./controllers-view";
import type { ControllerDeployment } from "./wire/controllers";

const dep = (version: string | null, over: Partial<ControllerDeployment> = {}): ControllerDeployment => ({
  namespace: "ack-system",
  name: "ack-lambda-controller-lambda-chart",
  image: version ? `public.ecr.aws/aws-controllers-k8s/lambda-controller:${version}` : "public.ecr.aws/aws-controllers-k8s/lambda-controller@sha256:aa",
  version,
  versionSource: version ? "image-tag" : null,
  digest: null,
  replicas: 1,
  readyReplicas: 1,
  updatedReplicas: 1,
  helmRelease: "ack-lambda",
  ...over,
});
const row = (cluster: string, ...codes: string[]) => ({ cluster, verdict: { reasons: codes.map((code) => ({ code })) } });

describe("controllersView", () => {
  const input = {
    clusters: [
      { name: "prod-us", connected: true, controllers: [dep("1.7.3")] },
      { name: "prod-eu", connected: true, controllers: [dep("1.14.1")] },
      { name: "legacy", connected: true, controllers: [dep(null, { helmRelease: null })] },
      { name: "new", connected: false, controllers: null },
    ],
    rows: [row("prod-us", "pending-bug"), row("prod-us", "pending-bug", "ack-finalizer-present"), row("prod-us"), row("prod-eu", "pending-bug")],
    minimumVersion: "1.8.0",
  };

  it("names each version's known bugs with the Functions they affect in that cluster, and the upgrade", () => {
    const v = controllersView(input);
    expect(v.targetVersion).toBe("1.8.0");
    const us = v.clusters.find((c) => c.cluster === "prod-us")!;
    expect(us.knownBugs.map((b) => [b.id, b.affectedFunctions])).toEqual([["stale-pending", 2]]);
    expect(us.deployments[0].knownBugIds).toEqual(["stale-pending"]);
    expect(us.belowMinimum).toBe(true);
    expect(us.upgrade).toEqual({ toVersion: "1.8.0", commands: upgradeCommands({ namespace: "ack-system", helmRelease: "ack-lambda" }, "1.8.0") });
    const eu = v.clusters.find((c) => c.cluster === "prod-eu")!;
    expect(eu).toMatchObject({ knownBugs: [], belowMinimum: false, upgrade: null, versionUnknown: false });
  });

  it("says unknown, not fine, for a version it cannot read, and nothing for a cluster not read yet", () => {
    const v = controllersView(input);
    expect(v.clusters.find((c) => c.cluster === "legacy")).toMatchObject({ versionUnknown: true, belowMinimum: null, upgrade: null, deployments: [{ knownBugIds: null }] });
    expect(v.clusters.find((c) => c.cluster === "new")).toMatchObject({ deployments: [], belowMinimum: false, upgrade: null });
    expect(controllersView({ ...input, minimumVersion: null }).clusters.find((c) => c.cluster === "prod-eu")!.belowMinimum).toBeNull();
  });
});

describe("targetVersion and upgradeCommands", () => {
  it("upgrades to the minimum or the first release without known bugs, whichever is newer", () => {
    expect(targetVersion(null)).toBe("1.7.4");
    expect(targetVersion("1.5.0")).toBe("1.7.4");
    expect(targetVersion("1.9.2")).toBe("1.9.2");
  });

  it("applies the release's CRDs before the helm upgrade of the release found on the Deployment", () => {
    expect(upgradeCommands({ namespace: "ack", helmRelease: null }, "1.7.4")).toEqual([
      "helm pull oci://public.ecr.aws/aws-controllers-k8s/lambda-chart --version 1.7.4 --untar --untardir lambda-chart-1.7.4",
      "kubectl apply -f lambda-chart-1.7.4/lambda-chart/crds",
      "helm upgrade ack-lambda-controller oci://public.ecr.aws/aws-controllers-k8s/lambda-chart --version 1.7.4 --namespace ack --reuse-values",
    ]);
  });
});
