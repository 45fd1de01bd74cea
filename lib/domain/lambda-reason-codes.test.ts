import { describe, expect, it } from "vitest";
import { explainReasonCode } from "./lambda-reason-codes";

describe("explainReasonCode", () => {
  it.each([
    "EniLimitExceeded",
    "InsufficientRolePermissions",
    "SubnetOutOfIPAddresses",
    "InvalidSubnet",
    "InvalidSecurityGroup",
    "ImageDeleted",
    "ImageAccessDenied",
    "InvalidImage",
    "KMSKeyAccessDenied",
    "KMSKeyNotFound",
    "EFSMountFailure",
    "InvalidZipFileException",
    "InvalidRuntime",
    "InvalidConfiguration",
    "InternalError",
  ])("%s has its own plain-words explanation", (code) => {
    const text = explainReasonCode(code);
    expect(text).not.toContain("see the AWS Lambda documentation");
    expect(text.length).toBeGreaterThan(30);
  });

  it("unknown codes, prototype names and no code are named, never crash", () => {
    expect(explainReasonCode("SomethingNew")).toBe("Lambda reason code SomethingNew; see the AWS Lambda documentation for its meaning.");
    expect(explainReasonCode("__proto__")).toContain("Lambda reason code __proto__");
    expect(explainReasonCode("toString")).toContain("Lambda reason code toString");
    expect(explainReasonCode(null)).toBe("Lambda gave no reason code.");
  });
});
