import { describe, expect, it } from "vitest";
import { archivePath, cleanForReapply, exportKinds } from "./reapply";

const FN = { group: "lambda.services.k8s.aws", version: "v1alpha1", kind: "Function", plural: "functions" };

describe("cleanForReapply", () => {
  it("keeps spec, labels, annotations and other finalizers; drops status and what the server wrote", () => {
    const obj = {
      metadata: {
        name: "orders",
        namespace: "checkout",
        uid: "u-1",
        resourceVersion: "42",
        generation: 3,
        creationTimestamp: "2026-01-01T00:00:00Z",
        deletionTimestamp: "2026-01-02T00:00:00Z",
        deletionGracePeriodSeconds: 0,
        managedFields: [{ manager: "kubectl" }],
        selfLink: "/x",
        ownerReferences: [{ uid: "u-0" }],
        labels: { team: "payments" },
        annotations: { "services.k8s.aws/deletion-policy": "retain", "kubectl.kubernetes.io/last-applied-configuration": "{}" },
        finalizers: ["finalizers.lambda.services.k8s.aws/Function", "example.com/keep"],
      },
      spec: { name: "orders", runtime: "python3.12" },
      status: { conditions: [] },
    };
    expect(cleanForReapply(obj, FN)).toEqual({
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: {
        name: "orders",
        namespace: "checkout",
        labels: { team: "payments" },
        annotations: { "services.k8s.aws/deletion-policy": "retain", "kubectl.kubernetes.io/last-applied-configuration": "{}" },
        finalizers: ["example.com/keep"],
      },
      spec: { name: "orders", runtime: "python3.12" },
    });
    expect(obj.status).toBeDefined(); // the input is not changed
  });

  it("drops an emptied finalizer list, and gives core kinds their bare apiVersion", () => {
    const ns = cleanForReapply({ metadata: { name: "checkout", finalizers: ["finalizers.lambda.services.k8s.aws/Alias"] }, spec: { finalizers: ["kubernetes"] } }, { group: "", version: "v1", kind: "Namespace" });
    expect(ns).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "checkout" }, spec: { finalizers: ["kubernetes"] } });
  });

  it("copes with a malformed object (no metadata, odd finalizers)", () => {
    expect(cleanForReapply({}, FN)).toEqual({ apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata: {} });
    expect(cleanForReapply({ metadata: { finalizers: [7, null] } }, FN).metadata).toEqual({});
  });
});

describe("archivePath", () => {
  it("lays objects out per cluster and namespace, with the namespace's own file", () => {
    expect(archivePath("prod-us", "checkout", "functions", "orders")).toBe("prod-us/checkout/functions/orders.yaml");
    expect(archivePath("prod-us", "checkout", null, "checkout")).toBe("prod-us/checkout/_namespace.yaml");
  });

  it("never lets a segment make a folder or climb out", () => {
    const p = archivePath("arn:aws:eks:us-east-1:111122223333:cluster/prod", "..", "functions", "../../etc/passwd");
    expect(p.split("/")).toHaveLength(4);
    expect(p.split("/")).not.toContain("..");
    expect(p).toBe("arn%3Aaws%3Aeks%3Aus-east-1%3A111122223333%3Acluster%2Fprod/%2E%2E/functions/..%2F..%2Fetc%2Fpasswd.yaml");
  });
});

describe("exportKinds", () => {
  it("keeps the ACK Lambda kinds, Functions first", () => {
    const kinds = exportKinds([
      { group: "lambda.services.k8s.aws", version: "v1alpha1", kind: "Version", plural: "versions" },
      { group: "apps", version: "v1", kind: "Deployment", plural: "deployments" },
      { group: "lambda.services.k8s.aws", version: "v1alpha1", kind: "Alias", plural: "aliases" },
      FN,
    ]);
    expect(kinds.map((k) => k.kind)).toEqual(["Function", "Alias", "Version"]);
  });
});
