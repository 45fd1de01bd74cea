import { describe, expect, it } from "vitest";
import { awsLocationOf } from "./aws-locator";

describe("awsLocationOf", () => {
  const base = { accountId: "111122223333", region: "eu-west-1", arn: null, awsName: "pay-invoice" };

  it("reads by ARN when the controller recorded one, else by name", () => {
    expect(awsLocationOf(base)).toEqual({ accountId: "111122223333", region: "eu-west-1", functionName: "pay-invoice" });
    const arn = "arn:aws:lambda:eu-west-1:111122223333:function:pay-invoice";
    expect(awsLocationOf({ ...base, arn })?.functionName).toBe(arn);
  });

  it.each([["accountId"], ["region"]] as const)("is null without %s", (key) => {
    expect(awsLocationOf({ ...base, [key]: null })).toBeNull();
  });

  it("is null without a name or ARN", () => {
    expect(awsLocationOf({ ...base, awsName: null })).toBeNull();
  });
});
