/**
 * The write adapter against the simulated kube-apiserver over HTTP: dry runs store nothing,
 * JSON patch `test` failures and delete preconditions come back as conflicts, impersonation
 * makes the server authorise the operator (not the dashboard), access reviews answer per user.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeConfig } from "@kubernetes/client-node";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { KubeApiSim } from "@/sim/kube/server";
import { TOKENS, functionManifest, kubeConfigFor, testSimOptions } from "@/sim/kube/testkit";
import { removeAckFinalizerPatch } from "../remediation/operations";
import { deleteFunction, getFunctionObject, impersonationHeaders, patchFunction, selfSubjectAccessReview, selfSubjectReview, subjectAccessReview } from "./writes";

let sim: KubeApiSim;
let dashboard: KubeConfig;
let alice: KubeConfig;
const key = (name: string) => ({ namespace: "team-a", name });

function seed(name: string, finalizers = [ACK_FUNCTION_FINALIZER, "example.com/other"]) {
  sim.store.put(functionManifest(name, "team-a", { finalizers }) as never);
}

async function meta(name: string) {
  const r = await getFunctionObject(dashboard, key(name));
  return r.ok ? (r.body as { metadata: { uid: string; resourceVersion: string; finalizers?: string[]; deletionTimestamp?: string } }).metadata : null;
}

beforeAll(async () => {
  sim = new KubeApiSim(testSimOptions({ name: "writes" }));
  await sim.start();
  sim.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  sim.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-b" } });
  dashboard = kubeConfigFor(sim, TOKENS.dashboard);
  alice = kubeConfigFor(sim, TOKENS.alice);
});

afterAll(async () => {
  await sim?.stop();
});

describe("impersonationHeaders", () => {
  it("sends one Impersonate-Group line per group and leaves out system:authenticated", () => {
    expect(impersonationHeaders({ user: "alice", groups: ["operators", "system:authenticated", "b"] })).toEqual({ "Impersonate-User": "alice", "Impersonate-Group": ["operators", "b"] });
    expect(impersonationHeaders(null)).toEqual({});
  });
});

describe("delete with preconditions", () => {
  it("stores nothing on a dry run and requests deletion for real with the right uid and resourceVersion", async () => {
    seed("del-1");
    const m = (await meta("del-1"))!;
    const dry = await deleteFunction(dashboard, key("del-1"), { uid: m.uid, resourceVersion: m.resourceVersion }, { dryRun: true, as: { user: "alice", groups: ["operators"] } });
    expect(dry).toMatchObject({ ok: true });
    expect((await meta("del-1"))!.deletionTimestamp).toBeUndefined();
    const real = await deleteFunction(dashboard, key("del-1"), { uid: m.uid, resourceVersion: m.resourceVersion }, { as: { user: "alice", groups: ["operators"] } });
    expect(real.ok).toBe(true);
    expect((await meta("del-1"))!.deletionTimestamp).toBeTruthy();
  });

  it("answers a conflict for a stale resourceVersion or another uid", async () => {
    seed("del-2");
    const m = (await meta("del-2"))!;
    const staleRv = await deleteFunction(alice, key("del-2"), { uid: m.uid, resourceVersion: "1" });
    expect(staleRv).toMatchObject({ ok: false, failure: "conflict", status: 409 });
    const otherUid = await deleteFunction(alice, key("del-2"), { uid: "00000000-0000-0000-0000-000000000000", resourceVersion: m.resourceVersion });
    expect(otherUid).toMatchObject({ ok: false, failure: "conflict" });
    expect((await meta("del-2"))!.deletionTimestamp).toBeUndefined();
  });
});

describe("JSON patch with test operations", () => {
  it("removes only the ACK finalizer, and refuses (conflict) once the object has changed", async () => {
    seed("fin-1");
    const m = (await meta("fin-1"))!;
    const ops = removeAckFinalizerPatch({ uid: m.uid, resourceVersion: m.resourceVersion, finalizers: m.finalizers ?? [] })!;
    const dry = await patchFunction(alice, key("fin-1"), ops, { dryRun: true });
    expect(dry.ok).toBe(true);
    expect((await meta("fin-1"))!.finalizers).toEqual([ACK_FUNCTION_FINALIZER, "example.com/other"]);
    const first = await patchFunction(alice, key("fin-1"), ops);
    expect(first.ok).toBe(true);
    expect((await meta("fin-1"))!.finalizers).toEqual(["example.com/other"]);
    const again = await patchFunction(alice, key("fin-1"), ops);
    expect(again).toMatchObject({ ok: false, failure: "conflict" });
    expect((await meta("fin-1"))!.finalizers).toEqual(["example.com/other"]);
  });
});

describe("impersonation and access reviews", () => {
  it("makes the server authorise the impersonated user, not the dashboard", async () => {
    sim.store.put(functionManifest("imp-1", "team-b", { finalizers: [ACK_FUNCTION_FINALIZER] }) as never);
    const r = await getFunctionObject(dashboard, { namespace: "team-b", name: "imp-1" });
    if (!r.ok) throw new Error(r.message);
    const m = (r.body as { metadata: { uid: string; resourceVersion: string } }).metadata;
    // alice may patch in team-a only: impersonated, the request in team-b is hers and refused.
    const denied = await deleteFunction(dashboard, { namespace: "team-b", name: "imp-1" }, { uid: m.uid, resourceVersion: m.resourceVersion }, { as: { user: "alice", groups: ["operators"] } });
    expect(denied).toMatchObject({ ok: false, failure: "forbidden", status: 403 });
    expect(denied.ok ? "" : denied.message).toMatch(/alice/);
  });

  it("answers SubjectAccessReview and SelfSubjectAccessReview per user", async () => {
    expect(await subjectAccessReview(dashboard, { user: "alice", groups: [] }, { verb: "patch", namespace: "team-a", name: "x" })).toMatchObject({ ok: true, allowed: true });
    expect(await subjectAccessReview(dashboard, { user: "bob", groups: [] }, { verb: "patch", namespace: "team-a", name: "x" })).toMatchObject({ ok: true, allowed: false });
    expect(await selfSubjectAccessReview(alice, { verb: "delete", namespace: "team-b", name: "x" })).toMatchObject({ ok: true, allowed: false });
    expect(await selfSubjectReview(alice)).toEqual({ user: "alice", groups: expect.arrayContaining(["operators"]) });
    // bob has no right to create SubjectAccessReviews: the review itself fails.
    expect(await subjectAccessReview(kubeConfigFor(sim, TOKENS.bob), { user: "alice", groups: [] }, { verb: "patch", namespace: "team-a" })).toMatchObject({ ok: false });
  });
});
