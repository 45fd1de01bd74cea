import { describe, expect, it } from "vitest";
import { ANNOTATION } from "@/lib/domain/ack";
import { resolveAccount, resolveDeletionPolicy, resolveRegion, type ControllerDefaults } from "./resolve";
import type { FunctionObject } from "./types";

const defaults: ControllerDefaults = { region: "us-east-1", accountId: "111122223333", deletionPolicy: "delete" };
const fn = (annotations?: Record<string, string>, meta?: { region: string; ownerAccountID: string }): FunctionObject => ({
  apiVersion: "lambda.services.k8s.aws/v1alpha1",
  kind: "Function",
  metadata: { name: "f", namespace: "n", annotations },
  spec: { name: "f" },
  status: meta ? { ackResourceMetadata: meta } : undefined,
});

describe("resolveRegion (docs/ack-lambda-controller.md precedence)", () => {
  it("status, then resource annotation, then namespace default, then controller", () => {
    const ns = { [ANNOTATION.namespaceDefaultRegion]: "eu-west-1" };
    expect(resolveRegion(fn({ [ANNOTATION.region]: "us-west-2" }, { region: "ap-south-1", ownerAccountID: "1" }), ns, defaults)).toBe("ap-south-1");
    expect(resolveRegion(fn({ [ANNOTATION.region]: "us-west-2" }), ns, defaults)).toBe("us-west-2");
    expect(resolveRegion(fn(), ns, defaults)).toBe("eu-west-1");
    expect(resolveRegion(fn(), {}, defaults)).toBe("us-east-1");
  });
});

describe("resolveAccount", () => {
  it("namespace owner-account-id, then status, then controller", () => {
    expect(resolveAccount(fn(undefined, { region: "r", ownerAccountID: "444455556666" }), { [ANNOTATION.ownerAccountId]: "777788889999" }, defaults)).toBe("777788889999");
    expect(resolveAccount(fn(undefined, { region: "r", ownerAccountID: "444455556666" }), {}, defaults)).toBe("444455556666");
    expect(resolveAccount(fn(), {}, defaults)).toBe("111122223333");
  });
});

describe("resolveDeletionPolicy", () => {
  it("resource annotation, then lambda.services.k8s.aws/deletion-policy on the namespace, then the flag", () => {
    const nsRetain = { [ANNOTATION.namespaceDeletionPolicy]: "retain" };
    expect(resolveDeletionPolicy(fn({ [ANNOTATION.deletionPolicy]: "delete" }), nsRetain, defaults)).toBe("delete");
    expect(resolveDeletionPolicy(fn(), nsRetain, defaults)).toBe("retain");
    expect(resolveDeletionPolicy(fn(), {}, { ...defaults, deletionPolicy: "retain" })).toBe("retain");
    expect(resolveDeletionPolicy(fn({ [ANNOTATION.deletionPolicy]: "Retain" }), {}, defaults)).toBe("retain");
  });
});
