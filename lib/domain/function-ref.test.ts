import { describe, expect, it } from "vitest";
import { functionApiPath, functionHref, refFromParams } from "./function-ref";

describe("function addresses", () => {
  it("encodes each segment on its own", () => {
    const ref = { cluster: "arn:aws:eks:eu-west-1:123456789012:cluster/prod", namespace: "payments", name: "checkout" };
    expect(functionHref(ref)).toBe("/functions/arn%3Aaws%3Aeks%3Aeu-west-1%3A123456789012%3Acluster%2Fprod/payments/checkout");
    expect(functionApiPath({ cluster: "prod-eu", namespace: "a", name: "b" })).toBe("/api/functions/prod-eu/a/b");
  });

  it("reads route params, encoded or not", () => {
    expect(refFromParams({ cluster: "arn%3Aaws%3Aeks%3Acluster%2Fprod", namespace: "ns", name: "fn" })).toEqual({
      cluster: "arn:aws:eks:cluster/prod",
      namespace: "ns",
      name: "fn",
    });
    expect(refFromParams({ cluster: "prod-eu", namespace: "ns", name: "fn" })).toEqual({ cluster: "prod-eu", namespace: "ns", name: "fn" });
  });

  it("rejects empty or broken segments", () => {
    expect(refFromParams({ cluster: "prod-eu", namespace: "", name: "fn" })).toBeNull();
    expect(refFromParams({ cluster: "%E0%A4%A", namespace: "ns", name: "fn" })).toBeNull();
  });
});
