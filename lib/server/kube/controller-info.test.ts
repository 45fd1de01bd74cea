import { describe, expect, it } from "vitest";
import { controllerDeploymentsFrom, controllerForVerdicts, imageRef } from "./controller-info";

const deployment = (name: string, image: string, labels: Record<string, string> = {}, templateLabels: Record<string, string> = {}) => ({
  metadata: { name, namespace: "ack-system", labels },
  spec: { replicas: 2, template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: "controller", image }] } } },
  status: { readyReplicas: 1, updatedReplicas: 2 },
});
const REPO = "public.ecr.aws/aws-controllers-k8s/lambda-controller";
const DIGEST = `sha256:${"a".repeat(64)}`;

describe("imageRef", () => {
  it.each([
    [`${REPO}:1.7.3`, "1.7.3", null],
    [`${REPO}@${DIGEST}`, null, DIGEST],
    [`${REPO}:1.7.3@${DIGEST}`, "1.7.3", DIGEST],
    ["mirror.local:5000/aws-controllers-k8s/lambda-controller", null, null],
    ["mirror.local:5000/aws-controllers-k8s/lambda-controller:v1.8.0", "v1.8.0", null],
  ])("%s", (image, tag, digest) => {
    expect(imageRef(image)).toEqual({ tag, digest });
  });
});

describe("controllerDeploymentsFrom", () => {
  it("finds every controller, reads the version from the tag, else the version label, else the chart label, else unknown", () => {
    const found = controllerDeploymentsFrom([
      deployment("by-tag", `${REPO}:1.14.1`, { "app.kubernetes.io/version": "1.2.0" }),
      deployment("by-version-label", `${REPO}@${DIGEST}`, {}, { "app.kubernetes.io/version": "v1.7.3" }),
      deployment("by-chart-label", `${REPO}@${DIGEST}`, { "helm.sh/chart": "lambda-chart-1.9.0", "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "ack-lambda" }),
      deployment("unknown", `${REPO}@${DIGEST}`),
      deployment("not-a-controller", "nginx:1.27"),
    ]);
    expect(found.map((d) => [d.name, d.version, d.versionSource, d.digest, d.helmRelease])).toEqual([
      ["by-chart-label", "1.9.0", "chart-label", DIGEST, "ack-lambda"],
      ["by-tag", "1.14.1", "image-tag", null, null],
      ["by-version-label", "1.7.3", "version-label", DIGEST, null],
      ["unknown", null, null, DIGEST, null],
    ]);
    expect(found[0]).toMatchObject({ replicas: 2, readyReplicas: 1, updatedReplicas: 2 });
  });

  it("skips what is not an object, and a Deployment without containers", () => {
    expect(controllerDeploymentsFrom([null, 7, "x", { metadata: { name: "d" } }])).toEqual([]);
  });
});

describe("controllerForVerdicts", () => {
  it("names the oldest known version among several; an unknown one only when none is known", () => {
    const all = controllerDeploymentsFrom([deployment("new", `${REPO}:1.14.1`), deployment("old", `${REPO}:1.7.3`), deployment("unknown", `${REPO}@${DIGEST}`)]);
    expect(controllerForVerdicts(all)).toMatchObject({ found: true, name: "old", version: "1.7.3" });
    expect(controllerForVerdicts(all.filter((d) => d.name === "unknown"))).toMatchObject({ found: true, name: "unknown", version: null });
    expect(controllerForVerdicts([])).toMatchObject({ found: false, version: null });
  });
});
