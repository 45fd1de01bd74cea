/**
 * The Pending bug (docs/ack-lambda-controller.md; community#2433, fixed in lambda-controller v1.7.4 by PR 174):
 * "really Pending in AWS" vs "controller holds a stale Pending", the version boundary, both
 * message spellings, deletion blocked by it, and the pendingTimeout boundary.
 */
import { describe, expect, it } from "vitest";
import { MINUTE, NOW, SETTINGS, awsActive, awsMissing, awsReadFailed, controllerRunning, factsOf, loadFixture, factsFromObject, shape } from "../__fixtures__";
import { diagnose } from ".";

const STUCK = "function-stuck-pending-v1.7.3";
/** status.lastModified of the stuck fixture: when Lambda started creating it. */
const CREATED_IN_AWS = "2025-05-30T09:00:05.123Z";

describe("stale Pending while AWS is Active", () => {
  it("controller 1.7.3: names the version, the bug and both ways out", () => {
    const v = diagnose(factsOf(STUCK), awsActive(), controllerRunning("1.7.3"), NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "stuck",
      summary: "Stuck Pending for 3 d 2 h: AWS says Active, controller 1.7.3 holds a stale Pending (bug fixed in 1.7.4).",
      since: CREATED_IN_AWS,
      reasons: ["pending-bug"],
      actions: ["request-deletion"],
    });
    const text = v.reasons[0].text;
    expect(text).toContain("controller 1.7.3");
    expect(text).toContain("upgrade the controller to 1.7.4 or later");
    expect(text).toContain("remove the finalizer");
    expect(v.reasons[0].source).toContain("community#2433");
  });

  it('a "v" prefix on the version changes nothing', () => {
    const v = diagnose(factsOf(STUCK), awsActive(), controllerRunning("v1.7.3"), NOW, SETTINGS);
    expect(v.summary).toBe("Stuck Pending for 3 d 2 h: AWS says Active, controller 1.7.3 holds a stale Pending (bug fixed in 1.7.4).");
  });

  it("the version is read from the image tag when the label is missing", () => {
    const controller = controllerRunning(null, { image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:1.7.3" });
    expect(diagnose(factsOf(STUCK), awsActive(), controller, NOW, SETTINGS).reasons[0].code).toBe("pending-bug");
  });

  it("controller 1.7.4 has the fix: still stuck, but not blamed on the bug", () => {
    const v = diagnose(factsOf(STUCK), awsActive(), controllerRunning("1.7.4"), NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "stuck",
      summary: "Stuck Pending for 3 d 2 h: AWS says Active but controller 1.7.4 still reports Pending.",
      since: CREATED_IN_AWS,
      reasons: ["stale-pending"],
      actions: ["request-deletion", "retain-and-delete"],
    });
    expect(v.reasons[0].text).toContain("has the fix");
  });

  it("unknown controller version: says what the version would mean", () => {
    const v = diagnose(factsOf(STUCK), awsActive(), null, NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      summary: "Stuck Pending for 3 d 2 h: AWS says Active but Kubernetes still says Pending (controller version unknown).",
      reasons: ["stale-pending"],
    });
    expect(v.reasons[0].text).toContain("if it is older than 1.7.4");
  });

  it("the pre-v1.0 capitalised message is recognised", () => {
    const v = diagnose(factsOf("function-stuck-pending-pre-v1"), awsActive(), controllerRunning("v0.1.4"), NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "stuck",
      summary: "Stuck Pending for 1175 d 19 h: AWS says Active, controller 0.1.4 holds a stale Pending (bug fixed in 1.7.4).",
      since: "2022-03-14T16:00:03.000Z",
      reasons: ["pending-bug"],
      actions: ["request-deletion"],
    });
  });

  it("the message alone (status.state already Active) still shows the stale Pending", () => {
    const obj = loadFixture(STUCK) as { status: Record<string, unknown> };
    obj.status.state = "Active";
    const v = diagnose(factsFromObject(obj), awsActive(), controllerRunning("1.7.3"), NOW, SETTINGS);
    // No Lambda timestamp for the start: the restamped condition time is all there is.
    expect(shape(v)).toMatchObject({ health: "progressing", summary: "Pending for 40 s.", reasons: ["pending"] });
  });
});

describe("Pending as AWS sees it", () => {
  it("AWS really Pending: wait, or look at the StateReasonCode", () => {
    const aws = awsActive({ state: "Pending", stateReasonCode: "Creating", stateReason: "The function is being created.", lastModified: "2025-05-30T09:00:05.123+0000" });
    const v = diagnose(factsOf(STUCK), aws, controllerRunning("1.7.3"), NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "stuck",
      summary: "Pending in AWS for 3 d 2 h (Creating).",
      since: CREATED_IN_AWS,
      reasons: ["aws-pending"],
      actions: ["request-deletion", "retain-and-delete"],
    });
    expect(v.reasons[0].text).toContain("AWS itself reports State Pending with reason code Creating");
  });

  it("AWS unreadable: cannot tell the two apart yet", () => {
    const v = diagnose(factsOf(STUCK), awsReadFailed(), controllerRunning("1.7.3"), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({
      health: "stuck",
      summary: "Pending in Kubernetes for 3 d 2 h; AWS state unknown.",
      reasons: ["pending-aws-unknown", "aws-unreadable"],
      actions: ["request-deletion", "retain-and-delete"],
    });
  });

  it("AWS has no such function", () => {
    const v = diagnose(factsOf(STUCK), awsMissing(), controllerRunning("1.7.3"), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "stuck", summary: "Pending in Kubernetes for 3 d 2 h, but AWS has no such function.", reasons: ["pending-aws-missing"] });
  });
});

describe("pendingTimeout boundary", () => {
  const start = Date.parse(CREATED_IN_AWS);
  const at = (now: number) => diagnose(factsOf(STUCK), awsActive({ observedAt: new Date(now - 1000).toISOString() }), controllerRunning("1.7.3"), now, SETTINGS);

  it("at exactly pendingTimeout it is still progressing", () => {
    expect(shape(at(start + SETTINGS.pendingTimeoutMs))).toMatchObject({ health: "progressing", summary: "Pending for 10 min.", reasons: ["pending"] });
  });

  it("one millisecond later it is stuck", () => {
    expect(at(start + SETTINGS.pendingTimeoutMs + 1).health).toBe("stuck");
  });

  it("the timeout comes from settings", () => {
    const settings = { ...SETTINGS, pendingTimeoutMs: 60 * MINUTE };
    const now = start + 30 * MINUTE;
    const v = diagnose(factsOf(STUCK), awsActive({ observedAt: new Date(now).toISOString() }), controllerRunning("1.7.3"), now, settings);
    expect(v.health).toBe("progressing");
  });

  it("a condition restamped by every reconcile does not hide how long it has been Pending", () => {
    // Conditions say 11:59:20 (40 s ago); Lambda's LastModified says three days.
    expect(at(NOW).since).toBe(CREATED_IN_AWS);
  });

  it("the timeline recorder's first sighting moves `since` back when it is earlier", () => {
    const obj = loadFixture(STUCK) as { status: Record<string, unknown> };
    delete obj.status.lastModified;
    const fn = { ...factsFromObject(obj), conditionsFirstSeen: { "ACK.Recoverable": "2025-06-01T08:00:00Z" } };
    const v = diagnose(fn, awsActive(), controllerRunning("1.7.3"), NOW, SETTINGS);
    expect(shape(v)).toMatchObject({ health: "stuck", since: "2025-06-01T08:00:00.000Z", summary: expect.stringContaining("for 1 d 4 h") });
  });
});

describe("deletion blocked by the Pending bug", () => {
  it("says the finalizer, the other finalizers, that AWS still has it and that the bug is the cause", () => {
    const v = diagnose(factsOf("function-deletion-blocked-pending-bug"), awsActive(), controllerRunning("1.7.3"), NOW, SETTINGS);
    expect(shape(v)).toEqual({
      health: "deletion-blocked",
      summary: "Deletion requested 2 h ago is held by the ACK finalizer: controller 1.7.3 refuses to delete a function it believes Pending (bug fixed in 1.7.4).",
      since: "2025-06-02T10:00:00.000Z",
      reasons: ["ack-finalizer-present", "other-finalizers", "aws-function-exists", "pending-bug"],
      actions: ["remove-finalizer"],
    });
    expect(v.reasons[1].text).toContain("audit.example.com/hold");
    expect(v.reasons[2].text).toContain("arn:aws:lambda:eu-west-1:123456789012:function:invoice-render");
  });
});
