/**
 * The remediation flows against the target, through the remediation
 * service's exported functions, proxy mode (the dashboard's kubeconfig, SubjectAccessReview,
 * impersonation) and local mode (the operator's own kubeconfig, SelfSubjectAccessReview):
 * the seed case resolved, the race refused with nothing changed, the viewer refused by RBAC.
 */
import { beforeAll, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { toFunctionFacts } from "@/lib/domain/function-object";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { ControllerInfo } from "@/lib/domain/wire/fleet";
import type { Identity as Actor } from "@/lib/server/auth/identity";
import { RemediationError } from "@/lib/server/remediation/errors";
import { runSteps, type StepResult } from "@/lib/server/remediation/execute";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { preparePlan } from "@/lib/server/remediation/prepare";
import { RemediationService } from "@/lib/server/remediation/service";
import type { RemediationWorld } from "@/lib/server/remediation/world";
import { MemoryAuditLog } from "@/test/memory-audit-log";
import { remediationStores } from "@/test/remediation-stores";
import { createFunction, createNamespace, expectStatus, functionPath, getFunction, mergePatch, send, type FunctionObject, type GetTarget } from "./api";
import type { Identity } from "../targets";

const NS = "conf-remediation";
const CLUSTER = "conformance";
const OTHER = "example.com/keep-me";
/** No ACK controller runs in the conformance cluster: remove-finalizer need not wait for one. */
const NO_CONTROLLER: ControllerInfo = { found: false, namespace: null, name: null, version: null, image: null, replicas: null, readyReplicas: null };
/** What the dashboard would see with a v1.14.1 controller running (retain-and-delete needs one). */
const RUNNING_CONTROLLER: ControllerInfo = { found: true, namespace: "ack-system", name: "ack-lambda-controller", version: "1.14.1", image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:1.14.1", replicas: 1, readyReplicas: 1 };


export function remediationCases(target: GetTarget): void {
  /** The cluster as the dashboard sees it, reached with `kubeconfigOf`'s kubeconfig. */
  const worldOf = (kubeconfigOf: Identity, controller = NO_CONTROLLER): RemediationWorld => ({
    cluster: (name) =>
      name === CLUSTER
        ? { ctx: { name, kc: target().kc(kubeconfigOf), server: target().url, user: kubeconfigOf }, controller, readFunction: (obj) => toFunctionFacts(obj, name) }
        : null,
    clusterNames: () => [CLUSTER],
    // The AWS side is not under test here: a fresh observation of an Active function.
    awsState: () => ({ exists: true, state: "Active", stateReasonCode: null, stateReason: null, lastUpdateStatus: "Successful", observedAt: new Date().toISOString(), error: null }),
    nudge: () => {},
    liveOwners: () => [],
    settings: DEFAULT_DIAGNOSE_SETTINGS,
    lambda: { readFunction: async () => ({ kind: "not-found" }), deleteFunction: async () => ({ kind: "not-found" }) },
    now: () => Date.now(),
  });
  const actor = (who: Identity, mode: Actor["mode"] = "proxy"): Actor => ({ ...target().identities[who], groups: [...target().identities[who].groups], email: null, mode });
  const service = (world: RemediationWorld, audit = new MemoryAuditLog()) =>
    new RemediationService(world, remediationStores(audit), { twoPersonRule: false, approvalTtlMs: 600_000, writesPerMinute: 1_000 });
  const at = (name: string): FunctionRef => ({ cluster: CLUSTER, namespace: NS, name });
  const removeFinalizer = (fn: FunctionObject, dryRun = false) => ({
    action: "remove-finalizer" as const, expectedResourceVersion: fn.metadata.resourceVersion, confirm: fn.metadata.name, reason: "conformance: seed case", dryRun,
  });
  /** The seed case: the ACK finalizer set, deletion requested, nobody to finish it. */
  const stuckInDeletion = async (name: string, finalizers = [ACK_FUNCTION_FINALIZER]): Promise<FunctionObject> => {
    await createFunction(target(), NS, name, { finalizers });
    expectStatus(await send(target(), "admin", { method: "DELETE", path: functionPath(NS, name) }), 200);
    return (await getFunction(target(), NS, name)) as FunctionObject;
  };
  const refusal = async (p: Promise<unknown>): Promise<RemediationError> => {
    try {
      await p;
    } catch (err) {
      if (err instanceof RemediationError) return err;
      throw err;
    }
    throw new Error("expected a RemediationError, the request succeeded");
  };

  beforeAll(async () => {
    await createNamespace(target(), NS);
  });

  it("resolves the seed case: the operator's finalizer removal (impersonated, JSON patch with tests) lets the object go", async () => {
    const fn = await stuckInDeletion("seed");
    const audit = new MemoryAuditLog();
    const svc = service(worldOf("dashboard"), audit);
    const preview = await svc.submit(actor("operator"), at("seed"), removeFinalizer(fn, true));
    expect(preview.status).toBe(200);
    expect((await getFunction(target(), NS, "seed"))?.metadata.resourceVersion).toBe(fn.metadata.resourceVersion);

    // The preview says what the API server answered to the dry run: the object would go.
    expect((preview.body.steps as StepResult[])[0]).toMatchObject({ ok: true, dryRun: true, httpStatus: 200, object: { removed: true } });

    const done = await svc.submit(actor("operator"), at("seed"), removeFinalizer(fn));
    expect(done.status).toBe(200);
    expect(done.body.status).toBe("done");
    expect((done.body.steps as StepResult[])[0]).toMatchObject({ ok: true, dryRun: false, httpStatus: 200, object: { removed: true } });
    expect(await getFunction(target(), NS, "seed")).toBeNull();
    expect(audit.entries.map((e) => `${e.phase}:${e.outcome}`)).toEqual(["dry-run:succeeded", "attempt:null", "outcome:succeeded"]);
    expect(audit.entries.every((e) => e.actor.user === target().identities.operator.user)).toBe(true);
  });

  it("removes only the ACK finalizer: another finalizer keeps the object", async () => {
    const fn = await stuckInDeletion("other-kept", [OTHER, ACK_FUNCTION_FINALIZER]);
    const done = await service(worldOf("dashboard")).submit(actor("operator"), at("other-kept"), removeFinalizer(fn));
    expect(done.status).toBe(200);
    const after = await getFunction(target(), NS, "other-kept");
    expect(after?.metadata.finalizers).toEqual([OTHER]);
    expect(after?.metadata.deletionTimestamp).toBe(fn.metadata.deletionTimestamp);
  });

  it("retains and deletes: the annotation patch, then DELETE with the patch answer's resourceVersion", async () => {
    const fn = await createFunction(target(), NS, "retained", { finalizers: [ACK_FUNCTION_FINALIZER] });
    const body = { action: "retain-and-delete" as const, expectedResourceVersion: fn.metadata.resourceVersion, confirm: "retained", reason: "conformance: let go" };
    const done = await service(worldOf("dashboard", RUNNING_CONTROLLER)).submit(actor("operator"), at("retained"), body);
    expect(done.status).toBe(200);
    expect((done.body.steps as StepResult[]).map((st) => [st.kind, st.ok, st.httpStatus])).toEqual([["patch", true, 200], ["delete", true, 200]]);
    const after = await getFunction(target(), NS, "retained");
    expect(after?.metadata.annotations).toEqual({ "services.k8s.aws/deletion-policy": "retain" });
    expect(after?.metadata.deletionTimestamp).toBeTruthy();
    // The controller (not running here) is the one to drop its finalizer.
    expect(after?.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
  });

  it("refuses the race: a change between the checks and the patch makes the server refuse it, nothing changes", async () => {
    const fn = await stuckInDeletion("race");
    const world = worldOf("dashboard");
    const plan = await preparePlan(world, [actor("operator")], at("race"), removeFinalizer(fn));
    // Someone else changes the object after the dashboard checked it.
    const moved = await mergePatch(target(), "admin", NS, "race", { metadata: { annotations: { "conformance/raced": "yes" } } });
    expectStatus(moved, 200);
    const movedRv = (moved.body as FunctionObject).metadata.resourceVersion;
    const op = actor("operator");
    const run = await runSteps(plan.steps, { kc: target().kc("dashboard"), key: at("race"), as: { user: op.user, groups: op.groups }, dryRun: false, lambda: world.lambda });
    expect(run.ok).toBe(false);
    expect(run.failure?.failure).toBe("conflict");
    expect(run.steps[0].httpStatus).toBe(422);
    const after = await getFunction(target(), NS, "race");
    expect(after?.metadata.resourceVersion).toBe(movedRv);
    expect(after?.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);

    // Through the service, the stale resourceVersion is refused (409) before any write.
    const err = await refusal(service(world).submit(op, at("race"), removeFinalizer(fn)));
    expect(err.status).toBe(409);
    expect((await getFunction(target(), NS, "race"))?.metadata.resourceVersion).toBe(movedRv);
  });

  it("refuses a deletion whose preconditions no longer hold with 409 (DELETE with uid and resourceVersion)", async () => {
    const fn = await createFunction(target(), NS, "delete-race", { finalizers: [ACK_FUNCTION_FINALIZER] });
    const world = worldOf("dashboard");
    const body = { action: "request-deletion" as const, expectedResourceVersion: fn.metadata.resourceVersion, confirm: "delete-race", reason: "conformance" };
    const plan = await preparePlan(world, [actor("operator")], at("delete-race"), body);
    expectStatus(await mergePatch(target(), "admin", NS, "delete-race", { metadata: { labels: { raced: "yes" } } }), 200);
    const op = actor("operator");
    const run = await runSteps(plan.steps, { kc: target().kc("dashboard"), key: at("delete-race"), as: { user: op.user, groups: op.groups }, dryRun: false, lambda: world.lambda });
    expect(run.failure?.failure).toBe("conflict");
    expect(run.steps[0].httpStatus).toBe(409);
    expect((await getFunction(target(), NS, "delete-race"))?.metadata.deletionTimestamp).toBeUndefined();
  });

  it("refuses the viewer by RBAC (SubjectAccessReview): 403, audited, nothing changed", async () => {
    const fn = await stuckInDeletion("viewer-refused");
    const audit = new MemoryAuditLog();
    const err = await refusal(service(worldOf("dashboard"), audit).submit(actor("viewer"), at("viewer-refused"), removeFinalizer(fn)));
    expect(err.status).toBe(403);
    expect(err.message).toContain(`${target().identities.viewer.user}`);
    expect(audit.entries.map((e) => `${e.phase}:${e.outcome}:${e.status}`)).toEqual(["refused:refused:403"]);
    expect((await getFunction(target(), NS, "viewer-refused"))?.metadata.resourceVersion).toBe(fn.metadata.resourceVersion);
  });

  it("works in local mode with the operator's own kubeconfig (SelfSubjectAccessReview) and refuses the viewer's", async () => {
    const fn = await stuckInDeletion("local");
    const viewerErr = await refusal(service(worldOf("viewer")).submit(actor("viewer", "local"), at("local"), removeFinalizer(fn)));
    expect(viewerErr.status).toBe(403);
    const done = await service(worldOf("operator")).submit(actor("operator", "local"), at("local"), removeFinalizer(fn));
    expect(done.status).toBe(200);
    expect(await getFunction(target(), NS, "local")).toBeNull();
  });
}
