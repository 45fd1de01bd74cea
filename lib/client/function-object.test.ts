import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { importantAnnotations, objectAnnotations, toYaml, yamlFileName } from "./function-object";

const object = {
  apiVersion: "lambda.services.k8s.aws/v1alpha1",
  kind: "Function",
  metadata: {
    name: "checkout",
    annotations: { "services.k8s.aws/deletion-policy": "retain", "other/thing": "x", bad: 3 },
    managedFields: [{ manager: "kubectl" }],
  },
  status: { conditions: [{ type: "ACK.ResourceSynced", message: "<img src=x onerror=alert(1)>" }] },
};

describe("function object helpers", () => {
  it("reads string annotations only", () => {
    expect(objectAnnotations(object)).toEqual({ "services.k8s.aws/deletion-policy": "retain", "other/thing": "x" });
    expect(objectAnnotations("nonsense")).toEqual({});
  });

  it("lists the annotations that matter, set or not, the row's winning", () => {
    const list = importantAnnotations({ "services.k8s.aws/region": "us-east-1" }, object);
    const byKey = Object.fromEntries(list.map((a) => [a.key, a.value]));
    expect(byKey["services.k8s.aws/deletion-policy"]).toBe("retain");
    expect(byKey["services.k8s.aws/region"]).toBe("us-east-1");
    expect(byKey["services.k8s.aws/adoption-policy"]).toBeNull();
  });

  it("renders YAML that parses back to the object without managedFields", () => {
    const text = toYaml(object);
    expect(text).not.toContain("managedFields");
    const back = parse(text);
    expect(back.status.conditions[0].message).toBe("<img src=x onerror=alert(1)>");
    expect(back.metadata.name).toBe("checkout");
  });

  it("makes a safe file name", () => {
    expect(yamlFileName({ cluster: "arn:aws:eks:eu-west-1:1:cluster/prod", namespace: "ns", name: "fn" })).toBe(
      "arn_aws_eks_eu-west-1_1_cluster_prod_ns_fn.yaml",
    );
  });
});
