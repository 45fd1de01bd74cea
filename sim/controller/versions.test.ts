import { describe, expect, it } from "vitest";
import { PENDING_MESSAGE, PENDING_MESSAGE_PRE_V1 } from "@/lib/domain/ack";
import { compareVersions, parseVersion, versionGates } from "./versions";
import { controllerImage } from "./deployment";

describe("versionGates", () => {
  it("has the Pending bug up to 1.7.3 and not from 1.7.4", () => {
    expect(versionGates("1.7.3").pendingBugFixed).toBe(false);
    expect(versionGates("v1.7.4").pendingBugFixed).toBe(true);
    expect(versionGates("1.14.1").pendingBugFixed).toBe(true);
  });

  it("switches Ready (1.9.2), deletion wait (1.12.0), Inactive synced (1.6.3) at their releases", () => {
    expect([versionGates("1.9.1").readyCondition, versionGates("1.9.2").readyCondition]).toEqual([false, true]);
    expect([versionGates("1.11.9").waitsForDeletion, versionGates("1.12.0").waitsForDeletion]).toEqual([false, true]);
    expect([versionGates("1.6.2").inactiveIsSynced, versionGates("1.6.3").inactiveIsSynced]).toEqual([false, true]);
  });

  it("uses the capital-F message before v1.0", () => {
    expect(versionGates("0.1.3").pendingMessage).toBe(PENDING_MESSAGE_PRE_V1);
    expect(versionGates("1.0.0").pendingMessage).toBe(PENDING_MESSAGE);
  });

  it("compares numerically and rejects junk", () => {
    expect(compareVersions("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(parseVersion("1.14.1-rc.1")).toEqual([1, 14, 1]);
    expect(() => parseVersion("latest")).toThrow(/not a controller version/);
  });

  it("tags images without a v since 1.1.0", () => {
    expect(controllerImage("1.14.1")).toBe("public.ecr.aws/aws-controllers-k8s/lambda-controller:1.14.1");
    expect(controllerImage("1.0.2")).toBe("public.ecr.aws/aws-controllers-k8s/lambda-controller:v1.0.2");
  });
});
