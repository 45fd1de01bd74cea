/**
 * The seed scenario (aws-controllers-k8s/community#2433), end to end over HTTP: controller model v1.7.3 against the
 * simulated kube-apiserver and Lambda API (docs/ack-lambda-controller.md "The Pending bug").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, ACK_TAG, ANNOTATION, CONDITION, PENDING_MESSAGE, SYNCED_MESSAGES } from "@/lib/domain/ack";
import { ACCOUNT, condition, eventually, FN, functionManifest, JSON_PATCH, MERGE_PATCH, REGION, sleep, startRig, type Rig } from "./testkit";

describe("controller model v1.7.3: the Pending bug", () => {
  let rig: Rig;
  const ns = "checkout";
  const name = "order-events-processor";
  const awsName = `${ns}-${name}`;

  beforeAll(async () => {
    rig = await startRig({ version: "1.7.3", pendingMs: 300 });
    await rig.core.createNamespace({ body: { metadata: { name: ns } } });
  });
  afterAll(async () => rig?.stop());

  it("creates the function with the finalizer first and the ACK tags", async () => {
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: ns, body: functionManifest(ns, name) });
    const fn = await eventually(async () => {
      const f = await rig.getFn(ns, name);
      return f?.status?.state ? f : null;
    }, "a first status");
    expect(fn.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(fn.status?.ackResourceMetadata).toMatchObject({ ownerAccountID: ACCOUNT, region: REGION, arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${awsName}` });
    const aws = rig.lambda.getFunction(ACCOUNT, REGION, awsName);
    expect(aws?.Tags).toMatchObject({ [ACK_TAG.controllerVersion]: "lambda-1.7.3", [ACK_TAG.namespace]: ns });
  });

  it("gets stuck on a stale Pending with the exact conditions, even once AWS is Active", async () => {
    const fn = await eventually(async () => {
      const f = await rig.getFn(ns, name);
      return condition(f, CONDITION.recoverable)?.status === "True" ? f : null;
    }, "ACK.Recoverable=True");
    expect(fn.status?.state).toBe("Pending");
    expect(condition(fn, CONDITION.recoverable)).toMatchObject({ status: "True", message: PENDING_MESSAGE });
    expect(condition(fn, CONDITION.synced)).toMatchObject({ status: "Unknown", message: SYNCED_MESSAGES.unknown, reason: PENDING_MESSAGE });
    expect(condition(fn, CONDITION.ready)).toBeUndefined(); // no Ready condition before v1.9.2
    const stuckSince = condition(fn, CONDITION.recoverable)?.lastTransitionTime;

    // AWS finishes creating (300 ms); many requeues later (150 ms each) nothing has moved in
    // Kubernetes, not even the transition time.
    await eventually(async () => rig.lambda.getFunction(ACCOUNT, REGION, awsName)?.State === "Active", "AWS Active");
    const before = rig.model.reconciles;
    await sleep(1_000);
    expect(rig.model.reconciles).toBeGreaterThan(before + 2);
    const later = await rig.getFn(ns, name);
    expect(later?.status?.state).toBe("Pending");
    expect(condition(later, CONDITION.recoverable)?.lastTransitionTime).toBe(stuckSince);
  });

  it("refuses the delete and keeps the finalizer", async () => {
    await rig.custom.deleteNamespacedCustomObject({ ...FN, namespace: ns, name });
    await sleep(1_000);
    const fn = await rig.getFn(ns, name);
    expect(fn?.metadata.deletionTimestamp).toBeTruthy();
    expect(fn?.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(condition(fn, CONDITION.recoverable)?.message).toBe(PENDING_MESSAGE);
    expect(rig.lambda.getFunction(ACCOUNT, REGION, awsName)).toBeDefined();
  });

  it("lets go once the finalizer is removed by hand, leaving the AWS function behind", async () => {
    const fn = (await rig.getFn(ns, name))!;
    const patch = [
      { op: "test", path: "/metadata/resourceVersion", value: fn.metadata.resourceVersion },
      { op: "test", path: "/metadata/finalizers/0", value: ACK_FUNCTION_FINALIZER },
      { op: "remove", path: "/metadata/finalizers/0" },
    ];
    await rig.custom.patchNamespacedCustomObject({ ...FN, namespace: ns, name, body: patch }, JSON_PATCH);
    await eventually(async () => (await rig.getFn(ns, name)) === null, "the object to be gone");
    const residual = rig.lambda.getFunction(ACCOUNT, REGION, awsName);
    expect(residual?.State).toBe("Active");
    expect(residual?.Tags[ACK_TAG.controllerVersion]).toBe("lambda-1.7.3");
  });

  it("retain-and-delete still works on a stuck Function: the policy is read before any AWS call", async () => {
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: ns, body: functionManifest(ns, "sms-notifier") });
    await eventually(async () => condition(await rig.getFn(ns, "sms-notifier"), CONDITION.recoverable)?.message === PENDING_MESSAGE, "stuck");
    // Annotation-only edit: not reconciled by itself, read when the deletion comes.
    await rig.custom.patchNamespacedCustomObject(
      { ...FN, namespace: ns, name: "sms-notifier", body: { metadata: { annotations: { [ANNOTATION.deletionPolicy]: "retain" } } } },
      MERGE_PATCH,
    );
    await rig.custom.deleteNamespacedCustomObject({ ...FN, namespace: ns, name: "sms-notifier" });
    await eventually(async () => (await rig.getFn(ns, "sms-notifier")) === null, "object gone");
    expect(rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-sms-notifier`)).toBeDefined();
  });
});
