/**
 * Every blocker and warning of the four remediation actions (docs/architecture.md "Remediation guards").
 */
import { describe, expect, it } from "vitest";
import {
  CONTROLLER_NOT_FOUND,
  NOW,
  SETTINGS,
  awsAckTagged,
  awsActive,
  awsMissing,
  awsReadFailed,
  controllerDown,
  controllerRunning,
  factsFromObject,
  factsOf,
  loadFixture,
} from "./__fixtures__";
import { allEligibility, eligibility } from "./eligibility";
import type { RemediationAction } from "./remediation/actions";

const CURRENT = controllerRunning("1.14.1");
const BUGGY = controllerRunning("1.7.3");
const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:invoice-render";

function blockedDeletion(edit?: (m: Record<string, unknown>) => void) {
  const obj = loadFixture("function-deletion-blocked-pending-bug") as { metadata: Record<string, unknown> };
  edit?.(obj.metadata);
  return factsFromObject(obj);
}

describe("request-deletion", () => {
  it("allowed on a live object, warning that the controller deletes the AWS function", () => {
    expect(eligibility("request-deletion", factsOf("function-healthy"), awsActive(), CURRENT, NOW, SETTINGS)).toEqual({
      allowed: true,
      blockers: [],
      warnings: [
        "The controller will delete the AWS function arn:aws:lambda:eu-west-1:123456789012:function:orders-api in AWS (no retain deletion-policy is visible; the controller's own flag cannot be seen from here).",
      ],
    });
  });

  it("blocked when deletion was already requested", () => {
    const e = eligibility("request-deletion", blockedDeletion(), awsActive(), BUGGY, NOW, SETTINGS);
    expect(e.allowed).toBe(false);
    expect(e.blockers).toEqual(["Deletion was already requested 2 h ago (2025-06-02T10:00:00.000Z)."]);
  });

  it("blocked when the object is gone", () => {
    expect(eligibility("request-deletion", null, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual(["The Kubernetes object no longer exists."]);
  });

  it("warns about retain (namespace default), a stopped controller, the Pending bug and other finalizers", () => {
    const obj = loadFixture("function-stuck-pending-v1.7.3") as { metadata: Record<string, unknown> };
    obj.metadata.finalizers = ["finalizers.lambda.services.k8s.aws/Function", "audit.example.com/hold"];
    const fn = factsFromObject(obj, { annotations: { "lambda.services.k8s.aws/deletion-policy": "retain" } });
    const e = eligibility("request-deletion", fn, awsActive(), { ...BUGGY, readyReplicas: 0 }, NOW, SETTINGS);
    expect(e.allowed).toBe(true);
    expect(e.warnings).toEqual([
      `deletion-policy is retain (set on the namespace): the controller will leave the AWS function ${ARN} in AWS.`,
      "No controller is running: the object will stay Terminating with its finalizer until one runs again.",
      "Controller 1.7.3 has the Pending bug and refuses to delete a function it believes Pending: the deletion will block, and remove-finalizer will be needed after 5 min.",
      "Other finalizers stay: audit.example.com/hold.",
    ]);
    const current = eligibility("request-deletion", fn, awsActive(), CURRENT, NOW, SETTINGS);
    expect(current.warnings.filter((w) => w.includes("Pending bug"))).toEqual([]);
  });

  it("warns when the controller state is unknown", () => {
    expect(eligibility("request-deletion", factsOf("function-healthy"), awsActive(), null, NOW, SETTINGS).warnings).toContain(
      "The controller's state is unknown: if none is running, the object will stay Terminating.",
    );
  });
});

describe("retain-and-delete", () => {
  it("allowed with a running controller, warning that AWS keeps the function", () => {
    expect(eligibility("retain-and-delete", factsOf("function-healthy"), awsActive(), CURRENT, NOW, SETTINGS)).toEqual({
      allowed: true,
      blockers: [],
      warnings: [
        "The AWS function arn:aws:lambda:eu-west-1:123456789012:function:orders-api stays in AWS, no longer managed from Kubernetes: clean it up or adopt it again later.",
      ],
    });
  });

  it("blocked when no controller runs (down or not found)", () => {
    for (const controller of [controllerDown(), CONTROLLER_NOT_FOUND]) {
      const e = eligibility("retain-and-delete", factsOf("function-healthy"), awsActive(), controller, NOW, SETTINGS);
      expect(e.blockers).toEqual([
        "No controller is running, so nothing would apply the retain policy: the object would stay Terminating. Start the controller, or request deletion and then remove the finalizer.",
      ]);
    }
  });

  it("blocked while the Pending bug acts on the object (controller < 1.7.4, stale Pending)", () => {
    const e = eligibility("retain-and-delete", factsOf("function-stuck-pending-v1.7.3"), awsActive(), BUGGY, NOW, SETTINGS);
    expect(e.blockers).toEqual([
      "Controller 1.7.3 has the Pending bug (aws-controllers-k8s/community#2433): it refuses every change to a function it believes Pending and never reaches the deletion-policy check. Upgrade to 1.7.4+, or request deletion and then remove the finalizer.",
    ]);
  });

  it("not blocked by the same object under 1.7.4", () => {
    expect(eligibility("retain-and-delete", factsOf("function-stuck-pending-v1.7.3"), awsActive(), controllerRunning("1.7.4"), NOW, SETTINGS).allowed).toBe(true);
  });

  it("an unknown version with a stale Pending is a warning", () => {
    const e = eligibility("retain-and-delete", factsOf("function-stuck-pending-v1.7.3"), awsActive(), controllerRunning(null, { image: "x@sha256:abc" }), NOW, SETTINGS);
    expect(e.allowed).toBe(true);
    expect(e.warnings[0]).toBe("Kubernetes holds a stale Pending: if the controller is older than 1.7.4 it will not get as far as the retain policy.");
  });

  it("warns when the controller is unknown and when deletion is already under way", () => {
    const e = eligibility("retain-and-delete", factsOf("function-deletion-blocked"), awsActive(), null, NOW, SETTINGS);
    expect(e.allowed).toBe(true);
    expect(e.warnings).toEqual([
      "The controller's state is unknown: if none is running, the object will stay Terminating.",
      "Deletion was already requested: only the services.k8s.aws/deletion-policy annotation is added; the controller applies it at its next retry.",
      "The AWS function arn:aws:lambda:eu-west-1:123456789012:function:refund-worker stays in AWS, no longer managed from Kubernetes: clean it up or adopt it again later.",
      "Other finalizers stay: audit.example.com/hold.",
    ]);
  });

  it("blocked once a retain deletion was requested, or ACK has already let go", () => {
    const retained = blockedDeletion((m) => (m.annotations = { "services.k8s.aws/deletion-policy": "Retain" }));
    expect(eligibility("retain-and-delete", retained, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual([
      "Deletion with deletion-policy retain was already requested and the controller has not let go: use remove-finalizer.",
    ]);
    const released = blockedDeletion((m) => (m.finalizers = ["audit.example.com/hold"]));
    expect(eligibility("retain-and-delete", released, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual([
      "Deletion was requested and the ACK finalizer is already gone: ACK has let go, the retain policy would change nothing.",
    ]);
  });

  it("blocked when the object is gone", () => {
    expect(eligibility("retain-and-delete", null, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual(["The Kubernetes object no longer exists."]);
  });
});

describe("remove-finalizer", () => {
  it("allowed on an overdue deletion, with the orphan, other-finalizer and upgrade warnings", () => {
    expect(eligibility("remove-finalizer", blockedDeletion(), awsActive(), BUGGY, NOW, SETTINGS)).toEqual({
      allowed: true,
      blockers: [],
      warnings: [
        `The AWS function ${ARN} still exists and will be orphaned.`,
        "Other finalizers stay: audit.example.com/hold.",
        "Controller 1.7.3 has the Pending bug; upgrading to 1.7.4+ is the lasting fix.",
      ],
    });
  });

  it("no orphan warning when AWS has no such function; retain wording when the policy says so", () => {
    expect(eligibility("remove-finalizer", blockedDeletion(), awsMissing(), CURRENT, NOW, SETTINGS).warnings).toEqual([
      "Other finalizers stay: audit.example.com/hold.",
    ]);
    const retained = blockedDeletion((m) => (m.annotations = { "services.k8s.aws/deletion-policy": "retain" }));
    expect(eligibility("remove-finalizer", retained, awsActive(), CURRENT, NOW, SETTINGS).warnings[0]).toBe(
      `The AWS function ${ARN} still exists and stays in AWS, unmanaged (deletion-policy retain).`,
    );
  });

  it("blocked before deletion is requested", () => {
    const e = eligibility("remove-finalizer", factsOf("function-stuck-pending-v1.7.3"), awsActive(), BUGGY, NOW, SETTINGS);
    expect(e.blockers).toEqual([
      "No deletion has been requested: request deletion first (on a live object the controller would add its finalizer back).",
    ]);
  });

  it("blocked when the ACK finalizer is absent", () => {
    const fn = blockedDeletion((m) => (m.finalizers = ["audit.example.com/hold"]));
    expect(eligibility("remove-finalizer", fn, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual([
      "The finalizer finalizers.lambda.services.k8s.aws/Function is not set: there is nothing for this action to remove.",
    ]);
  });

  it("blocked while the deletion is younger than deletionTimeout and a controller runs or may run", () => {
    const deletion = Date.parse("2025-06-02T10:00:00Z");
    const now = deletion + SETTINGS.deletionTimeoutMs;
    const fresh = awsActive({ observedAt: new Date(now).toISOString() });
    expect(eligibility("remove-finalizer", blockedDeletion(), fresh, BUGGY, now, SETTINGS).blockers).toEqual([
      "Deletion was requested 5 min ago, less than 5 min, and the controller is running: give it time to finish.",
    ]);
    expect(eligibility("remove-finalizer", blockedDeletion(), fresh, null, now, SETTINGS).blockers).toEqual([
      "Deletion was requested 5 min ago, less than 5 min, and the controller may be running: give it time to finish.",
    ]);
    expect(eligibility("remove-finalizer", blockedDeletion(), fresh, BUGGY, now + 1, SETTINGS).allowed).toBe(true);
  });

  it("a young deletion with no controller running need not wait", () => {
    const now = Date.parse("2025-06-02T10:01:00Z");
    const fresh = awsActive({ observedAt: new Date(now).toISOString() });
    expect(eligibility("remove-finalizer", blockedDeletion(), fresh, controllerDown("1.7.3"), now, SETTINGS).allowed).toBe(true);
  });

  it("blocked when the AWS state is unknown", () => {
    expect(eligibility("remove-finalizer", blockedDeletion(), awsReadFailed(), BUGGY, NOW, SETTINGS).blockers).toEqual([
      "AWS state unknown (the last AWS read failed (AccessDeniedException)): cannot tell whether the function would be orphaned.",
    ]);
    expect(eligibility("remove-finalizer", blockedDeletion(), null, BUGGY, NOW, SETTINGS).allowed).toBe(false);
  });

  it("blocked when the object is gone", () => {
    expect(eligibility("remove-finalizer", null, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual(["The Kubernetes object no longer exists."]);
  });
});

describe("delete-aws-function", () => {
  it("allowed for an ACK-tagged function whose object is gone, with an irreversibility warning", () => {
    expect(eligibility("delete-aws-function", null, awsAckTagged(), CURRENT, NOW, SETTINGS)).toEqual({
      allowed: true,
      blockers: [],
      warnings: ["This permanently deletes the function in AWS (created by ACK lambda-1.7.3 for namespace payments); it cannot be undone."],
    });
  });

  it("never while a live object owns it", () => {
    const e = eligibility("delete-aws-function", factsOf("function-healthy"), awsAckTagged(), CURRENT, NOW, SETTINGS);
    expect(e.blockers).toEqual([
      "The Kubernetes object prod-eu/payments/orders-api still owns this function: delete the object instead (request-deletion).",
    ]);
  });

  it("not for a function ACK did not create, or whose tags are unknown", () => {
    const foreign = awsActive({ tags: { team: "payments", "services.k8s.aws/namespace": "payments" } });
    expect(eligibility("delete-aws-function", null, foreign, CURRENT, NOW, SETTINGS).blockers).toEqual([
      "The function lacks the services.k8s.aws/controller-version and services.k8s.aws/namespace tags: ACK did not create it, so this dashboard will not delete it.",
    ]);
    expect(eligibility("delete-aws-function", null, awsActive(), CURRENT, NOW, SETTINGS).blockers).toEqual([
      "The function's tags were not read: cannot prove that ACK created it.",
    ]);
  });

  it("not when AWS is unknown, the function is missing, or already Deleting", () => {
    expect(eligibility("delete-aws-function", null, awsReadFailed(), CURRENT, NOW, SETTINGS).blockers).toEqual([
      "AWS state unknown (the last AWS read failed (AccessDeniedException)).",
    ]);
    expect(eligibility("delete-aws-function", null, awsMissing(), CURRENT, NOW, SETTINGS).blockers).toEqual(["The function does not exist in AWS."]);
    expect(eligibility("delete-aws-function", null, awsAckTagged({ state: "Deleting" }), CURRENT, NOW, SETTINGS).blockers).toEqual([
      "AWS is already deleting the function.",
    ]);
  });
});

describe("allEligibility", () => {
  it("answers for the four actions, the same as eligibility()", () => {
    const fn = blockedDeletion();
    const all = allEligibility(fn, awsActive(), BUGGY, NOW, SETTINGS);
    expect(Object.keys(all)).toEqual(["request-deletion", "retain-and-delete", "remove-finalizer", "delete-aws-function"]);
    for (const action of Object.keys(all) as RemediationAction[]) {
      expect(all[action]).toEqual(eligibility(action, fn, awsActive(), BUGGY, NOW, SETTINGS));
    }
    expect(Object.entries(all).filter(([, e]) => e.allowed).map(([a]) => a)).toEqual(["remove-finalizer"]);
  });

  it("an unknown action is refused, not thrown", () => {
    const e = eligibility("format-disk" as RemediationAction, null, null, null, NOW, SETTINGS);
    expect(e).toEqual({ allowed: false, blockers: ['Unknown action "format-disk".'], warnings: [] });
  });
});
