/**
 * Whole verdicts for each situation: fixture + AWS view + controller + fixed clock.
 * The Pending-bug scenarios live in diagnose-pending.test.ts.
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
  fixtureNames,
  loadFixture,
  shape,
} from "../__fixtures__";
import { VerdictSchema } from "../wire/fleet";
import { diagnose } from ".";

const CURRENT = controllerRunning("1.14.1");

describe("healthy", () => {
  it("a synced Active function that AWS confirms is healthy", () => {
    const v = diagnose(factsOf("function-healthy"), awsActive(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "healthy",
      summary: "Synced; Active in AWS.",
      since: "2025-06-02T02:00:00.000Z",
      reasons: [],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("Inactive in AWS counts as synced (controller v1.6.3+)", () => {
    const v = diagnose(factsOf("function-healthy"), awsActive({ state: "Inactive", stateReasonCode: "Idle" }), CURRENT, NOW, SETTINGS);
    expect(v.health).toBe("healthy");
    expect(v.summary).toBe("Synced; Inactive in AWS.");
  });
});

describe("terminal", () => {
  it("ACK.Terminal=True shows the AWS error on one line and a hint about the role", () => {
    const v = diagnose(factsOf("function-terminal-bad-role"), awsMissing(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "terminal",
      summary:
        "Terminal error: InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda. status code: 400, request id: 6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
      since: "2025-06-02T09:00:02.000Z",
      reasons: ["terminal"],
      actions: ["request-deletion", "retain-and-delete"],
    });
    expect(v.reasons[0].text).toContain("trust policy lets lambda.amazonaws.com assume it");
  });
});

describe("failed", () => {
  it("AWS State Failed with EniLimitExceeded is explained in plain words", () => {
    const aws = awsActive({
      state: "Failed",
      stateReasonCode: "EniLimitExceeded",
      stateReason: "Lambda was unable to create an ENI in the VPC of the Lambda function because the limit for Network Interfaces has been reached.",
      lastModified: "2025-06-01T07:30:04.000+0000",
    });
    const v = diagnose(factsOf("function-aws-failed-eni"), aws, CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "failed",
      summary:
        "Failed in AWS (EniLimitExceeded): The account reached its limit of elastic network interfaces in the VPC; free ENIs or ask AWS for a higher ENI quota.",
      since: "2025-06-01T07:30:04.000Z",
      reasons: ["aws-state-failed"],
      actions: ["request-deletion", "retain-and-delete"],
    });
    expect(v.reasons[0].text).toContain('AWS says: "Lambda was unable to create an ENI');
  });

  it("when AWS cannot be read, the controller's last view is used and said so", () => {
    const v = diagnose(factsOf("function-aws-failed-eni"), awsReadFailed(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "failed", reasons: ["aws-state-failed", "aws-unreadable"] });
    expect(v.reasons[0].text).toContain("as the controller last saw it; AWS could not be read");
  });

  it("LastUpdateStatus Failed is a failed update with its reason code", () => {
    const aws = awsActive({ lastUpdateStatus: "Failed", lastUpdateStatusReasonCode: "KMSKeyAccessDenied", lastModified: "2025-06-02T11:00:00.000+0000" });
    const v = diagnose(factsOf("function-healthy"), aws, CURRENT, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      health: "failed",
      summary: "Last update failed in AWS (KMSKeyAccessDenied): Lambda may not use the KMS key that encrypts the function's environment; fix the key policy.",
      since: "2025-06-02T11:00:00.000Z",
      reasons: ["aws-update-failed"],
    });
  });
});

describe("drift", () => {
  it("synced in Kubernetes but missing in AWS", () => {
    const v = diagnose(factsOf("function-drift-missing-in-aws"), awsMissing(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "drift",
      summary: "Synced in Kubernetes, but inventory-sync does not exist in AWS in eu-west-1.",
      since: "2025-06-02T11:59:30.000Z",
      reasons: ["aws-function-missing"],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("AWS runs other code than status.codeSHA256", () => {
    const aws = awsActive({ codeSha256: "Zm9vYmFyYmF6cXV4cXV1eGNvZGVjaGFuZ2VkMTIzNDU=", lastModified: "2025-06-02T07:00:00.000+0000" });
    const v = diagnose(factsOf("function-healthy"), aws, CURRENT, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      health: "drift",
      summary: "Synced in Kubernetes, but AWS runs different code (CodeSha256 differs).",
      since: "2025-06-02T07:00:00.000Z",
      reasons: ["code-hash-differs"],
    });
  });

  it("AWS in another state than Active/Inactive while synced", () => {
    const aws = awsActive({ state: "Pending", stateReasonCode: "Creating", lastModified: "2025-06-02T11:58:00.000+0000" });
    const v = diagnose(factsOf("function-healthy"), aws, CURRENT, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      health: "drift",
      summary: "Synced in Kubernetes (Active), but AWS says Pending.",
      reasons: ["aws-state-differs", "pending"],
    });
  });
});

describe("degraded", () => {
  it("a fine function whose controller has no ready replica", () => {
    const v = diagnose(factsOf("function-healthy"), awsActive(), controllerDown(), NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "degraded",
      summary: "No ACK Lambda controller is running in this cluster: changes to this Function will not be applied.",
      since: null,
      reasons: ["controller-down"],
      actions: ["request-deletion"],
    });
    expect(v.reasons[0].text).toContain("ack-system/ack-lambda-controller-lambda-chart");
  });

  it("no controller Deployment at all", () => {
    const v = diagnose(factsOf("function-healthy"), awsActive(), CONTROLLER_NOT_FOUND, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "degraded", reasons: ["controller-not-found"], actions: ["request-deletion"] });
  });

  it("controller down and AWS unreadable: degraded (known) rather than unknown", () => {
    const v = diagnose(factsOf("function-healthy"), awsReadFailed(), controllerDown(), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "degraded", reasons: ["controller-down", "aws-unreadable"] });
  });

  it("ACK.Advisory=True", () => {
    const v = diagnose(factsOf("function-advisory-immutable-field"), awsActive(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "degraded",
      summary: "Advisory: Immutable Spec fields have been modified: PackageType",
      since: "2025-06-02T05:00:00.000Z",
      reasons: ["advisory"],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("Inactive and unsynced under a controller before 1.6.3 is degraded, not stuck", () => {
    const v = diagnose(factsOf("function-inactive-old-controller"), awsActive({ state: "Inactive" }), controllerRunning("1.6.2"), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      health: "degraded",
      summary: "Inactive in AWS; controller 1.6.2 (before 1.6.3) does not count Inactive as synced.",
      since: "2025-05-20T00:00:00.000Z",
      reasons: ["inactive-not-synced"],
    });
  });

  it("the same object under 1.6.3 has no excuse: stuck", () => {
    const v = diagnose(factsOf("function-inactive-old-controller"), awsActive({ state: "Inactive" }), controllerRunning("1.6.3"), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "stuck", summary: "Not synced for 13 d 12 h: Resource not synced", reasons: ["not-synced"] });
  });
});

describe("progressing", () => {
  it("an update Lambda is still applying", () => {
    const aws = awsActive({ lastUpdateStatus: "InProgress", lastModified: "2025-06-02T11:57:50.000+0000" });
    const v = diagnose(factsOf("function-update-in-progress"), aws, CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "progressing",
      summary: "Syncing for 2 min: Resource not synced",
      since: "2025-06-02T11:58:00.000Z",
      reasons: ["sync-in-progress", "update-in-progress"],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("a deletion younger than deletionTimeout", () => {
    const now = Date.parse("2025-06-02T11:02:00Z");
    const v = diagnose(factsOf("function-deletion-blocked"), awsActive({ observedAt: "2025-06-02T11:01:50Z" }), CURRENT, now, SETTINGS);
    expect(shape(v)).toEqual({
      health: "progressing",
      summary: "Deletion requested 2 min ago; waiting for the controller to finish.",
      since: "2025-06-02T11:00:00.000Z",
      reasons: ["deletion-in-progress"],
      actions: ["retain-and-delete"],
    });
  });
});

describe("unknown", () => {
  it("no status yet", () => {
    const v = diagnose(factsOf("function-no-status"), null, CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "unknown",
      summary: "No status yet: the controller has not reconciled this object (created 2 min ago).",
      since: "2025-06-02T11:58:00.000Z",
      reasons: ["no-status"],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("no status for longer than pendingTimeout is stuck: the controller never picked it up", () => {
    const now = Date.parse("2025-06-02T11:58:00Z") + SETTINGS.pendingTimeoutMs + 1;
    const v = diagnose(factsOf("function-no-status"), null, CURRENT, now, SETTINGS);
    expect(shape(v)).toMatchObject({
      health: "stuck",
      summary: "No status 10 min after creation: the controller has not reconciled this object.",
      reasons: ["never-reconciled", "no-status"],
    });
  });

  it("a synced object whose AWS read failed says what Kubernetes knows", () => {
    const v = diagnose(factsOf("function-healthy"), awsReadFailed(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "unknown",
      summary: "Synced in Kubernetes (Active); AWS state unknown: the last AWS read failed (AccessDeniedException).",
      since: null,
      reasons: ["aws-unreadable"],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("AWS never read", () => {
    const v = diagnose(factsOf("function-healthy"), null, CURRENT, NOW, SETTINGS);
    expect(v.summary).toBe("Synced in Kubernetes (Active); AWS state unknown: AWS has not been read yet.");
  });

  it("an AWS observation older than awsStaleAfterMs no longer counts", () => {
    const fresh = awsActive({ observedAt: new Date(NOW - SETTINGS.awsStaleAfterMs).toISOString() });
    const stale = awsActive({ observedAt: new Date(NOW - SETTINGS.awsStaleAfterMs - 1).toISOString() });
    expect(diagnose(factsOf("function-healthy"), fresh, CURRENT, NOW, SETTINGS).health).toBe("healthy");
    const v = diagnose(factsOf("function-healthy"), stale, CURRENT, NOW, SETTINGS);
    expect(v.health).toBe("unknown");
    expect(v.summary).toContain("the last AWS observation is too old");
  });
});

describe("throttling", () => {
  it("Recoverable TooManyRequests past pendingTimeout is stuck and explained as throttling", () => {
    const v = diagnose(factsOf("function-recoverable-throttled"), awsActive(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "stuck",
      summary: "Not synced for 40 min: AWS is throttling the controller (TooManyRequests).",
      since: "2025-06-02T11:20:00.000Z",
      reasons: ["throttled"],
      actions: ["request-deletion", "retain-and-delete"],
    });
    expect(v.reasons[0].text).toContain("15 requests/s");
  });

  it("any other recoverable error past pendingTimeout is stuck and quoted", () => {
    const obj = loadFixture("function-recoverable-throttled") as { status: { conditions: Array<Record<string, unknown>> } };
    const denied = "AccessDeniedException: not authorized to perform: lambda:UpdateFunctionConfiguration";
    obj.status.conditions[0].message = denied;
    obj.status.conditions[1].reason = denied;
    const v = diagnose(factsFromObject(obj), awsActive(), CURRENT, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "stuck", summary: `Not synced for 40 min: ${denied}`, reasons: ["recoverable-error"] });
  });

  it("a recent throttling is progressing", () => {
    const now = Date.parse("2025-06-02T11:25:00Z");
    const v = diagnose(factsOf("function-recoverable-throttled"), awsActive({ observedAt: "2025-06-02T11:24:00Z" }), CURRENT, now, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "progressing", summary: "Syncing for 5 min: TooManyRequestsException: Rate exceeded" });
  });
});

describe("hostile and malformed objects still get a verdict", () => {
  it("hostile text is capped, single-line in the summary, and an unknown reason code is named", () => {
    const v = diagnose(factsOf("function-hostile-message"), null, CURRENT, NOW, SETTINGS);
    expect(v.health).toBe("failed");
    expect(v.summary).toBe("Failed in AWS (constructor): Lambda reason code constructor; see the AWS Lambda documentation for its meaning.");
    expect(v.reasons.map((r) => r.code)).toEqual(["aws-state-failed", "aws-unreadable"]);
    for (const r of v.reasons) expect(r.text?.length).toBeLessThan(1200);
  });

  it("the malformed fixture is judged on what survived parsing", () => {
    const v = diagnose(factsOf("function-malformed"), null, CURRENT, NOW, SETTINGS);
    // Synced=False without a usable time: not provably stuck; AWS unknown.
    expect(shape(v)).toMatchObject({ health: "progressing", summary: "Syncing.", since: null, reasons: ["sync-in-progress", "aws-unreadable"] });
  });
});

describe("every verdict fits the wire schema", () => {
  it("for each fixture, with each AWS view and controller", () => {
    const awsViews = [null, awsActive(), awsMissing(), awsReadFailed(), awsActive({ state: "Failed", stateReasonCode: "InvalidImage" })];
    const controllers = [null, CURRENT, controllerRunning("1.7.3"), controllerDown(), CONTROLLER_NOT_FOUND];
    let count = 0;
    for (const name of fixtureNames()) {
      for (const aws of awsViews) {
        for (const controller of controllers) {
          const v = diagnose(factsOf(name), aws, controller, NOW, SETTINGS);
          expect(VerdictSchema.safeParse(v).success, `${name}`).toBe(true);
          expect(new Set(v.reasons.map((r) => r.code)).size).toBe(v.reasons.length);
          count++;
        }
      }
    }
    expect(count).toBe(fixtureNames().length * 25);
  });
});
