/**
 * Faults the dashboard must show: a controller scaled to 0, Lambda throttling (Recoverable),
 * a function Failed in AWS, an owner account the controller cannot reach.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, ANNOTATION, CONDITION, CONTROLLER_NAMESPACE, CONTROLLER_VERSION_LABEL, SYNCED_MESSAGES } from "@/lib/domain/ack";
import { CONTROLLER_DEPLOYMENT_NAME } from "./deployment";
import { ACCOUNT, condition, eventually, FN, functionManifest, MERGE_PATCH, REGION, sleep, startRig, type Rig } from "./testkit";

describe("controller model v1.14.1: faults", () => {
  let rig: Rig;
  const ns = "orders";

  beforeAll(async () => {
    rig = await startRig({ version: "1.14.1", pendingMs: 100 });
    await rig.core.createNamespace({ body: { metadata: { name: ns } } });
  });
  afterAll(async () => rig?.stop());

  const scale = (replicas: number) =>
    rig.apps.patchNamespacedDeployment({ name: CONTROLLER_DEPLOYMENT_NAME, namespace: CONTROLLER_NAMESPACE, body: { spec: { replicas } } }, MERGE_PATCH);

  it("writes its Deployment in ack-system with the real image and version label", async () => {
    const d = await rig.apps.readNamespacedDeployment({ name: CONTROLLER_DEPLOYMENT_NAME, namespace: CONTROLLER_NAMESPACE });
    expect(d.metadata?.labels?.[CONTROLLER_VERSION_LABEL]).toBe("1.14.1");
    expect(d.spec?.template?.spec?.containers?.[0]).toMatchObject({ name: "controller", image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:1.14.1" });
    await eventually(async () => (await rig.apps.readNamespacedDeployment({ name: CONTROLLER_DEPLOYMENT_NAME, namespace: CONTROLLER_NAMESPACE })).status?.readyReplicas === 1, "ready replicas reported");
  });

  it("stops reconciling while scaled to 0 and resumes when scaled back", async () => {
    await scale(0);
    await eventually(async () => !rig.model.running, "model paused");
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: ns, body: functionManifest(ns, "cart-worker") });
    await sleep(600);
    const untouched = await rig.getFn(ns, "cart-worker");
    expect(untouched?.metadata.finalizers ?? []).toEqual([]);
    expect(untouched?.status).toBeUndefined();
    expect(rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-cart-worker`)).toBeUndefined();

    await scale(1);
    const fn = await eventually(async () => {
      const f = await rig.getFn(ns, "cart-worker");
      return condition(f, CONDITION.synced)?.status === "True" ? f : null;
    }, "synced after scale-up");
    expect(fn.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
  });

  it("reports throttling as Recoverable with Synced Unknown", async () => {
    rig.lambda.setRateLimits({ getFunctionPerSec: 0.01 });
    try {
      // A spec change makes the model reconcile; its GetFunction calls are refused.
      await rig.custom.patchNamespacedCustomObject({ ...FN, namespace: ns, name: "cart-worker", body: { spec: { timeout: 30 } } }, MERGE_PATCH);
      const fn = await eventually(async () => {
        const f = await rig.getFn(ns, "cart-worker");
        return condition(f, CONDITION.recoverable)?.status === "True" ? f : null;
      }, "ACK.Recoverable=True");
      const message = condition(fn, CONDITION.recoverable)?.message ?? "";
      expect(message).toMatch(/^TooManyRequestsException: /);
      expect(condition(fn, CONDITION.synced)).toMatchObject({ status: "Unknown", message: SYNCED_MESSAGES.unknown, reason: message });
      expect(condition(fn, CONDITION.ready)).toMatchObject({ status: "False", message });
    } finally {
      rig.lambda.setRateLimits({ getFunctionPerSec: 100 });
    }
    await eventually(async () => condition(await rig.getFn(ns, "cart-worker"), CONDITION.synced)?.status === "True", "recovered after throttling");
  });

  it("mirrors a Failed state with its reason code and stays not synced", async () => {
    const awsName = `${ns}-cart-worker`;
    rig.lambda.setState(ACCOUNT, REGION, awsName, { State: "Failed", StateReasonCode: "EniLimitExceeded", StateReason: "ENI limit reached" });
    await rig.custom.patchNamespacedCustomObject({ ...FN, namespace: ns, name: "cart-worker", body: { spec: { description: "poke" } } }, MERGE_PATCH);
    const fn = await eventually(async () => {
      const f = await rig.getFn(ns, "cart-worker");
      return f?.status?.state === "Failed" ? f : null;
    }, "state Failed mirrored");
    expect(fn.status).toMatchObject({ stateReasonCode: "EniLimitExceeded", stateReason: "ENI limit reached" });
    expect(condition(fn, CONDITION.synced)).toMatchObject({ status: "False", message: SYNCED_MESSAGES.notSynced });
  });

  it("writes nothing for a namespace whose owner account it has no credentials for", async () => {
    await rig.core.createNamespace({ body: { metadata: { name: "legacy", annotations: { [ANNOTATION.ownerAccountId]: "777788889999" } } } });
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: "legacy", body: functionManifest("legacy", "old-importer") });
    const before = rig.model.reconciles;
    await eventually(async () => rig.model.reconciles > before + 1, "retries with backoff");
    const fn = await rig.getFn("legacy", "old-importer");
    expect(fn?.status).toBeUndefined();
    expect(fn?.metadata.finalizers ?? []).toEqual([]);
  });
});
