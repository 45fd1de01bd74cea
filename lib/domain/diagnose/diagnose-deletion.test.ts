/**
 * deletion-blocked (docs/ack-lambda-controller.md "Finalizer and deletion"): the deletionTimeout boundary, and
 * which cause the verdict names (controller down, AWS gone or deleting, the controller's error).
 */
import { describe, expect, it } from "vitest";
import {
  CONTROLLER_NOT_FOUND,
  NOW,
  SETTINGS,
  awsActive,
  awsMissing,
  awsReadFailed,
  controllerDown,
  controllerRunning,
  factsFromObject,
  factsOf,
  loadFixture,
  shape,
} from "../__fixtures__";
import { diagnose } from ".";

const BLOCKED = "function-deletion-blocked";
const CURRENT = controllerRunning("1.14.1");
const DELETION = Date.parse("2025-06-02T11:00:00Z");
const ACCESS_DENIED_QUOTED =
  "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ack-lambda-controller/1748865510 is not authorized to perform: lambda:DeleteFunction on resource: arn:aws:lambda:eu-west-1:12345678…";

function withMetadata(edit: (metadata: Record<string, unknown>) => void) {
  const obj = loadFixture(BLOCKED) as { metadata: Record<string, unknown> };
  edit(obj.metadata);
  return factsFromObject(obj);
}

describe("deletion-blocked", () => {
  it("a running controller that keeps failing: quotes its error", () => {
    const v = diagnose(factsOf(BLOCKED), awsActive(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "deletion-blocked",
      summary: `Deletion requested 1 h ago is held by the ACK finalizer: the controller reports "${ACCESS_DENIED_QUOTED}".`,
      since: "2025-06-02T11:00:00.000Z",
      reasons: ["ack-finalizer-present", "other-finalizers", "aws-function-exists", "controller-error"],
      actions: ["retain-and-delete", "remove-finalizer"],
    });
    expect(v.reasons[3].text).toContain("lambda:DeleteFunction");
  });

  it("controller down: that is the cause, and retain-and-delete cannot help", () => {
    const v = diagnose(factsOf(BLOCKED), awsActive(), controllerDown(), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      summary: "Deletion requested 1 h ago is held by the ACK finalizer: no controller is running.",
      reasons: ["ack-finalizer-present", "other-finalizers", "controller-down", "aws-function-exists", "controller-error"],
      actions: ["remove-finalizer"],
    });
  });

  it("no controller Deployment", () => {
    const v = diagnose(factsOf(BLOCKED), awsActive(), CONTROLLER_NOT_FOUND, NOW, SETTINGS);
    expect(v.reasons.map((r) => r.code)).toContain("controller-not-found");
    expect(v.summary).toContain("no controller is running");
  });

  it("controller state not known", () => {
    const v = diagnose(factsOf(BLOCKED), awsActive(), null, NOW, SETTINGS);
    expect(v.reasons.map((r) => r.code)).toEqual(["ack-finalizer-present", "other-finalizers", "controller-unknown", "aws-function-exists", "controller-error"]);
  });

  it("AWS already gone: the controller should have let go", () => {
    const v = diagnose(factsOf(BLOCKED), awsMissing(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      summary: "Deletion requested 1 h ago is held by the ACK finalizer: AWS has no such function, yet the controller has not released the object.",
      reasons: ["ack-finalizer-present", "other-finalizers", "aws-function-gone", "controller-error"],
    });
  });

  it("AWS still deleting (v1.12.0+ waits for it)", () => {
    const v = diagnose(factsOf(BLOCKED), awsActive({ state: "Deleting" }), CURRENT, NOW, SETTINGS);
    expect(v.summary).toBe("Deletion requested 1 h ago is held by the ACK finalizer: AWS is still deleting the function.");
  });

  it("AWS unknown", () => {
    const v = diagnose(factsOf(BLOCKED), awsReadFailed(), CURRENT, NOW, SETTINGS);
    expect(v.reasons.map((r) => r.code)).toEqual(["ack-finalizer-present", "other-finalizers", "aws-unreadable", "controller-error"]);
    expect(v.actions).toEqual(["retain-and-delete"]);
  });

  it("with deletion-policy retain the controller is evidently not reconciling", () => {
    const fn = withMetadata((m) => {
      m.annotations = { "services.k8s.aws/deletion-policy": "retain" };
    });
    const v = diagnose(fn, awsActive(), CURRENT, NOW, SETTINGS);
    expect(v.reasons.map((r) => r.code)).toContain("deletion-policy-retain");
    expect(v.actions).toEqual(["remove-finalizer"]);
  });

  it("held only by other finalizers: ACK is not the culprit and no ACK action helps", () => {
    const fn = withMetadata((m) => {
      m.finalizers = ["audit.example.com/hold"];
    });
    const v = diagnose(fn, awsMissing(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "deletion-blocked",
      summary: "Deletion requested 1 h ago is held by other finalizers (audit.example.com/hold); ACK has already let go.",
      since: "2025-06-02T11:00:00.000Z",
      reasons: ["other-finalizers"],
      actions: [],
    });
  });
});

describe("deletionTimeout boundary", () => {
  const at = (now: number) => diagnose(factsOf(BLOCKED), awsActive({ observedAt: new Date(now - 1000).toISOString() }), CURRENT, now, SETTINGS);

  it("at exactly deletionTimeout the controller still has time", () => {
    const v = at(DELETION + SETTINGS.deletionTimeoutMs);
    expect(shape(v)).toMatchObject({ health: "progressing", summary: "Deletion requested 5 min ago; waiting for the controller to finish.", actions: ["retain-and-delete"] });
  });

  it("one millisecond later the deletion is blocked and the finalizer may go", () => {
    const v = at(DELETION + SETTINGS.deletionTimeoutMs + 1);
    expect(shape(v)).toMatchObject({ health: "deletion-blocked", actions: ["retain-and-delete", "remove-finalizer"] });
  });

  it("the timeout comes from settings", () => {
    const settings = { ...SETTINGS, deletionTimeoutMs: 2 * 60 * 60_000 };
    expect(diagnose(factsOf(BLOCKED), awsActive(), CURRENT, NOW, settings).health).toBe("progressing");
  });
});
