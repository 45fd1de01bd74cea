/**
 * The fixed controller (v1.14.1) over HTTP: recovery from Pending, delete in AWS before the
 * finalizer goes (with the v1.12.0+ wait), retain policies, terminal errors, the generation
 * predicate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, ANNOTATION, CONDITION, DELETING_MESSAGE, SYNCED_MESSAGES } from "@/lib/domain/ack";
import { TERMINAL_REASON } from "./conditions";
import { ACCOUNT, condition, eventually, FN, functionManifest, MERGE_PATCH, REGION, sleep, startRig, type Rig } from "./testkit";

describe("controller model v1.14.1", () => {
  let rig: Rig;
  const ns = "payments";

  beforeAll(async () => {
    rig = await startRig({ version: "1.14.1", pendingMs: 300, deletingMs: 400 });
    await rig.core.createNamespace({ body: { metadata: { name: ns } } });
    await rig.core.createNamespace({ body: { metadata: { name: "keep-all", annotations: { [ANNOTATION.namespaceDeletionPolicy]: "retain" } } } });
  });
  afterAll(async () => rig?.stop());

  const synced = (ns: string, name: string) =>
    eventually(async () => {
      const f = await rig.getFn(ns, name);
      return condition(f, CONDITION.synced)?.status === "True" ? f : null;
    }, `${ns}/${name} synced`);

  it("goes Pending → Active and reports Synced and Ready", async () => {
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: ns, body: functionManifest(ns, "invoice-handler") });
    const first = await eventually(async () => {
      const f = await rig.getFn(ns, "invoice-handler");
      return f?.status?.state ? f : null;
    }, "first status");
    expect(first.status?.state).toBe("Pending");
    expect(condition(first, CONDITION.synced)).toMatchObject({ status: "False", message: SYNCED_MESSAGES.notSynced });
    const fn = await synced(ns, "invoice-handler");
    expect(fn.status?.state).toBe("Active");
    expect(condition(fn, CONDITION.synced)?.message).toBe(SYNCED_MESSAGES.synced);
    expect(condition(fn, CONDITION.ready)).toMatchObject({ status: "True", message: SYNCED_MESSAGES.synced });
    expect(condition(fn, CONDITION.recoverable)).toBeUndefined();
    expect(fn.status?.codeSHA256).toBe(rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-invoice-handler`)?.CodeSha256);

    // Events point at the Function (the model records them on transitions; see report on real ACK).
    const events = await eventually(async () => {
      const list = await rig.core.listNamespacedEvent({ namespace: ns });
      const mine = list.items.filter((e) => e.involvedObject.name === "invoice-handler" && e.involvedObject.uid === fn.metadata.uid);
      return mine.some((e) => e.reason === "Synced") ? mine : null;
    }, "Created and Synced events");
    expect(events.map((e) => e.reason)).toContain("Created");
    expect(events[0].involvedObject).toMatchObject({ kind: "Function", apiVersion: "lambda.services.k8s.aws/v1alpha1", namespace: ns });
  });

  it("deletes in AWS, waits for the deletion to finish, then drops the finalizer", async () => {
    await rig.custom.deleteNamespacedCustomObject({ ...FN, namespace: ns, name: "invoice-handler" });
    // DeleteFunction leaves the function in Deleting for 400 ms: the model says so meanwhile.
    const waiting = await eventually(async () => {
      const f = await rig.getFn(ns, "invoice-handler");
      return condition(f, CONDITION.recoverable)?.message === DELETING_MESSAGE ? f : null;
    }, "the Deleting message");
    expect(waiting.metadata.finalizers).toContain(ACK_FUNCTION_FINALIZER);
    await eventually(async () => (await rig.getFn(ns, "invoice-handler")) === null, "object gone");
    expect(rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-invoice-handler`)).toBeUndefined();
  });

  it("retain on the resource: the finalizer goes, the AWS function stays", async () => {
    await rig.custom.createNamespacedCustomObject({
      ...FN,
      namespace: ns,
      body: functionManifest(ns, "ledger-sync", {}, { [ANNOTATION.deletionPolicy]: "retain" }),
    });
    await synced(ns, "ledger-sync");
    await rig.custom.deleteNamespacedCustomObject({ ...FN, namespace: ns, name: "ledger-sync" });
    await eventually(async () => (await rig.getFn(ns, "ledger-sync")) === null, "object gone");
    expect(rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-ledger-sync`)?.State).toBe("Active");
  });

  it("retain on the namespace (lambda.services.k8s.aws/deletion-policy) works the same", async () => {
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: "keep-all", body: functionManifest("keep-all", "audit-export") });
    await synced("keep-all", "audit-export");
    await rig.custom.deleteNamespacedCustomObject({ ...FN, namespace: "keep-all", name: "audit-export" });
    await eventually(async () => (await rig.getFn("keep-all", "audit-export")) === null, "object gone");
    expect(rig.lambda.getFunction(ACCOUNT, REGION, "keep-all-audit-export")).toBeDefined();
  });

  it("a bad role is Terminal, is not retried, and clears once the spec is fixed", async () => {
    const role = `arn:aws:iam::${ACCOUNT}:user/deployer`;
    await rig.custom.createNamespacedCustomObject({ ...FN, namespace: ns, body: functionManifest(ns, "refund-worker", { role }) });
    const fn = await eventually(async () => {
      const f = await rig.getFn(ns, "refund-worker");
      return condition(f, CONDITION.terminal)?.status === "True" ? f : null;
    }, "ACK.Terminal=True");
    expect(condition(fn, CONDITION.terminal)?.message).toMatch(/^ValidationException: .*role/);
    expect(condition(fn, CONDITION.synced)).toMatchObject({ status: "False", message: SYNCED_MESSAGES.notSynced, reason: TERMINAL_REASON });
    expect(condition(fn, CONDITION.ready)?.status).toBe("False");
    expect(fn.status?.ackResourceMetadata).toEqual({ ownerAccountID: ACCOUNT, region: REGION });
    expect(rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-refund-worker`)).toBeUndefined();

    const count = rig.model.reconciles;
    await sleep(600); // several requeue periods: a terminal Function is not requeued
    expect(rig.model.reconciles).toBe(count);

    await rig.custom.patchNamespacedCustomObject(
      { ...FN, namespace: ns, name: "refund-worker", body: { spec: { role: `arn:aws:iam::${ACCOUNT}:role/lambda-exec` } } },
      MERGE_PATCH,
    );
    const fixed = await synced(ns, "refund-worker");
    expect(condition(fixed, CONDITION.terminal)).toBeUndefined();
  });

  it("ignores annotation-only edits but reconciles spec changes", async () => {
    const before = rig.model.reconciles;
    await rig.custom.patchNamespacedCustomObject(
      { ...FN, namespace: ns, name: "refund-worker", body: { metadata: { annotations: { "example.com/poke": "1" } } } },
      MERGE_PATCH,
    );
    await sleep(500);
    expect(rig.model.reconciles).toBe(before);

    await rig.custom.patchNamespacedCustomObject({ ...FN, namespace: ns, name: "refund-worker", body: { spec: { memorySize: 512 } } }, MERGE_PATCH);
    await eventually(async () => rig.lambda.getFunction(ACCOUNT, REGION, `${ns}-refund-worker`)?.MemorySize === 512, "UpdateFunctionConfiguration");
    expect(rig.model.reconciles).toBeGreaterThan(before);
  });
});
