/**
 * Deletion with finalizers (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/):
 * DELETE only sets deletionTimestamp while finalizers remain, no finalizer may be added then,
 * the object goes when the last one is removed; preconditions on uid and resourceVersion.
 */
import { beforeAll, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { createFunction, createNamespace, expectStatus, functionPath, getFunction, jsonPatch, send, type FunctionObject, type GetTarget, type StatusBody } from "./api";
import { collectWatch } from "./watch";

const NS = "conf-delete";
const OTHER = "example.com/keep-me";

export function deletionCases(target: GetTarget): void {
  const del = (name: string, body?: unknown) => send(target(), "operator", { method: "DELETE", path: functionPath(NS, name), body });

  beforeAll(async () => {
    await createNamespace(target(), NS);
  });

  it("sets deletionTimestamp while finalizers remain and removes the object with its last finalizer", async () => {
    const fn = await createFunction(target(), NS, "fin", { finalizers: [ACK_FUNCTION_FINALIZER, OTHER] });
    const first = await del("fin");
    expectStatus(first, 200);
    const deleting = first.body as FunctionObject;
    expect(deleting.kind).toBe("Function");
    expect(deleting.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(deleting.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(deleting.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER, OTHER]);
    // rest.BeforeDelete bumps generation when it sets deletionTimestamp.
    expect(deleting.metadata.generation).toBe((fn.metadata.generation ?? 0) + 1);

    // A second DELETE changes nothing and answers the object again.
    const again = await del("fin");
    expectStatus(again, 200);
    expect((again.body as FunctionObject).metadata.resourceVersion).toBe(deleting.metadata.resourceVersion);

    const added = await jsonPatch(target(), "operator", NS, "fin", [{ op: "add", path: "/metadata/finalizers/-", value: "example.com/late" }]);
    expectStatus(added, 422);
    expect((added.body as StatusBody).message).toContain("no new finalizers can be added if the object is being deleted");

    const ack = await jsonPatch(target(), "operator", NS, "fin", [
      { op: "test", path: "/metadata/finalizers/0", value: ACK_FUNCTION_FINALIZER },
      { op: "remove", path: "/metadata/finalizers/0" },
    ]);
    expectStatus(ack, 200);
    expect((ack.body as FunctionObject).metadata.finalizers).toEqual([OTHER]);
    expect((await getFunction(target(), NS, "fin"))?.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);

    const last = await jsonPatch(target(), "operator", NS, "fin", [
      { op: "test", path: "/metadata/finalizers/0", value: OTHER },
      { op: "remove", path: "/metadata/finalizers/0" },
    ]);
    expectStatus(last, 200);
    expect(await getFunction(target(), NS, "fin")).toBeNull();
  });

  it("answers the patched object, at the last stored resourceVersion, when a patch empties the finalizers of a deleting object", async () => {
    await createFunction(target(), NS, "empty", { finalizers: [ACK_FUNCTION_FINALIZER] });
    const deleting = (await del("empty")).body as FunctionObject;
    const emptying = [{ op: "remove", path: "/metadata/finalizers/0" }];
    // Store.Update → errEmptiedFinalizers → deleteWithoutFinalizers (k8s.io/apiserver registry/store.go).
    for (const dryRun of ["All", undefined]) {
      const res = await jsonPatch(target(), "operator", NS, "empty", emptying, { dryRun });
      expectStatus(res, 200);
      const body = res.body as FunctionObject;
      expect(body.kind).toBe("Function");
      expect(body.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);
      expect(body.metadata).not.toHaveProperty("finalizers");
      expect(body.metadata.resourceVersion).toBe(deleting.metadata.resourceVersion);
      expect(await getFunction(target(), NS, "empty"), `dryRun=${dryRun}`).toEqual(dryRun ? expect.anything() : null);
    }
    // Watchers see the removal as DELETED with the last stored state: the finalizer still listed.
    const { events } = await collectWatch(target(), { resourceVersion: deleting.metadata.resourceVersion, fieldSelector: "metadata.name=empty" }, (e) => e.length >= 1, 10_000, NS);
    expect(events.map((e) => e.type)).toEqual(["DELETED"]);
    expect(events[0].object.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(Number(events[0].object.metadata.resourceVersion)).toBeGreaterThan(Number(deleting.metadata.resourceVersion));
  });

  it("drops emptied finalizers, labels and annotations from a live object (ObjectMeta omitempty)", async () => {
    await createFunction(target(), NS, "emptied", { finalizers: [ACK_FUNCTION_FINALIZER], labels: { a: "b" } });
    const res = await jsonPatch(target(), "operator", NS, "emptied", [
      { op: "remove", path: "/metadata/finalizers/0" },
      { op: "remove", path: "/metadata/labels/a" },
      { op: "add", path: "/metadata/annotations", value: {} },
    ]);
    expectStatus(res, 200);
    for (const meta of [(res.body as FunctionObject).metadata, (await getFunction(target(), NS, "emptied"))?.metadata]) {
      expect(meta).not.toHaveProperty("finalizers");
      expect(meta).not.toHaveProperty("labels");
      expect(meta).not.toHaveProperty("annotations");
    }
  });

  it("deletes an object without finalizers at once and answers a Success Status", async () => {
    const fn = await createFunction(target(), NS, "plain");
    const res = await del("plain");
    expectStatus(res, 200);
    const body = res.body as StatusBody & { details?: { uid?: string; group?: string } };
    expect(body.kind).toBe("Status");
    expect(body.status).toBe("Success");
    expect(body.details).toMatchObject({ name: "plain", kind: "functions", group: "lambda.services.k8s.aws", uid: fn.metadata.uid });
    expect(await getFunction(target(), NS, "plain")).toBeNull();
    expectStatus(await del("plain"), 404);
  });

  it("refuses DELETE with a stale resourceVersion or another uid as a precondition (409)", async () => {
    const fn = await createFunction(target(), NS, "pre");
    expectStatus(await jsonPatch(target(), "admin", NS, "pre", [{ op: "add", path: "/metadata/labels", value: { moved: "1" } }]), 200);
    const stale = await del("pre", { apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid: fn.metadata.uid, resourceVersion: fn.metadata.resourceVersion } });
    expectStatus(stale, 409);
    const now = (await getFunction(target(), NS, "pre")) as FunctionObject;
    // rest.BeforeDelete's wording: the kind, not the resource, and both versions.
    expect(stale.body).toMatchObject({
      reason: "Conflict",
      message: `Operation cannot be fulfilled on Function.lambda.services.k8s.aws "pre": the ResourceVersion in the precondition (${fn.metadata.resourceVersion}) does not match the ResourceVersion in record (${now.metadata.resourceVersion}). The object might have been modified`,
      details: { name: "pre", group: "lambda.services.k8s.aws", kind: "Function" },
    });
    const otherUid = await del("pre", { apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid: "00000000-0000-0000-0000-000000000000" } });
    expectStatus(otherUid, 409);
    expect((otherUid.body as StatusBody).message).toBe(
      `Operation cannot be fulfilled on Function.lambda.services.k8s.aws "pre": the UID in the precondition (00000000-0000-0000-0000-000000000000) does not match the UID in record (${fn.metadata.uid}). The object might have been deleted and then recreated`,
    );
    expect(await getFunction(target(), NS, "pre")).not.toBeNull();
    const current = (await getFunction(target(), NS, "pre")) as FunctionObject;
    const ok = await del("pre", { apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion } });
    expectStatus(ok, 200);
    expect(await getFunction(target(), NS, "pre")).toBeNull();
  });
}
