/**
 * Writes: JSON patch with `test` operations (RFC 6902 §4.6; a failed test is 422 and nothing
 * changes), JSON merge patch (RFC 7386), optimistic concurrency on resourceVersion (409),
 * and dryRun=All that runs every check and stores nothing
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run).
 */
import { beforeAll, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import {
  createFunction, createNamespace, expectStatus, functionManifest, functionPath, functionsPath, getFunction, jsonPatch, mergePatch, send,
  type FunctionObject, type GetTarget, type StatusBody,
} from "./api";

const NS = "conf-writes";

export function writeCases(target: GetTarget): void {
  beforeAll(async () => {
    await createNamespace(target(), NS);
  });

  it("applies a JSON patch whose test operations hold", async () => {
    const fn = await createFunction(target(), NS, "jp-ok", { finalizers: [ACK_FUNCTION_FINALIZER] });
    const res = await jsonPatch(target(), "operator", NS, "jp-ok", [
      { op: "test", path: "/metadata/uid", value: fn.metadata.uid },
      { op: "test", path: "/metadata/resourceVersion", value: fn.metadata.resourceVersion },
      { op: "test", path: "/metadata/finalizers/0", value: ACK_FUNCTION_FINALIZER },
      { op: "add", path: "/metadata/annotations", value: { "conformance/patched": "yes" } },
    ]);
    expectStatus(res, 200);
    const out = res.body as FunctionObject;
    expect(out.metadata.annotations).toEqual({ "conformance/patched": "yes" });
    expect(out.metadata.resourceVersion).not.toBe(fn.metadata.resourceVersion);
    // Metadata-only change: generation counts spec changes only.
    expect(out.metadata.generation).toBe(fn.metadata.generation);
  });

  it("refuses a JSON patch whose test fails with 422 and changes nothing", async () => {
    const fn = await createFunction(target(), NS, "jp-stale", { finalizers: [ACK_FUNCTION_FINALIZER] });
    for (const failing of [
      { op: "test", path: "/metadata/resourceVersion", value: "1" },
      { op: "test", path: "/metadata/uid", value: "00000000-0000-0000-0000-000000000000" },
      { op: "test", path: "/metadata/finalizers/1", value: ACK_FUNCTION_FINALIZER },
    ]) {
      const res = await jsonPatch(target(), "operator", NS, "jp-stale", [failing, { op: "remove", path: "/metadata/finalizers/0" }]);
      expectStatus(res, 422);
      const body = res.body as StatusBody;
      expect(body.kind).toBe("Status");
      expect(body.reason).toBe("Invalid");
      // kube-apiserver says nothing about which operation failed (no causes).
      expect(body.message).toBe("the server rejected our request due to an error in our request");
      expect(body.details?.causes ?? []).toEqual([]);
    }
    const after = await getFunction(target(), NS, "jp-stale");
    expect(after?.metadata.resourceVersion).toBe(fn.metadata.resourceVersion);
    expect(after?.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
  });

  it("answers 400 to a JSON patch that is not a list of operations", async () => {
    await createFunction(target(), NS, "jp-bad");
    const res = await jsonPatch(target(), "operator", NS, "jp-bad", { op: "remove", path: "/metadata/labels" } as unknown as unknown[]);
    expectStatus(res, 400);
  });

  it("merges a merge patch: objects merge, null deletes, spec changes bump generation", async () => {
    await createFunction(target(), NS, "mp", { labels: { team: "a", keep: "1" } });
    const res = await mergePatch(target(), "operator", NS, "mp", { metadata: { labels: { team: null, added: "x" } }, spec: { memorySize: 256 } });
    expectStatus(res, 200);
    const out = res.body as FunctionObject;
    expect(out.metadata.labels).toEqual({ keep: "1", added: "x" });
    expect(out.spec.memorySize).toBe(256);
    expect(out.spec.runtime).toBe("python3.12");
    expect(out.metadata.generation).toBe(2);
  });

  it("refuses a stale resourceVersion with 409 Conflict (merge patch and PUT)", async () => {
    const fn = await createFunction(target(), NS, "rv");
    expectStatus(await mergePatch(target(), "admin", NS, "rv", { metadata: { labels: { bump: "1" } } }), 200);
    const patched = await mergePatch(target(), "operator", NS, "rv", { metadata: { resourceVersion: fn.metadata.resourceVersion, labels: { late: "1" } } });
    expectStatus(patched, 409);
    expect((patched.body as StatusBody).reason).toBe("Conflict");
    const put = await send(target(), "operator", { method: "PUT", path: functionPath(NS, "rv"), body: { ...fn, metadata: { ...fn.metadata, labels: { late: "1" } } } });
    expectStatus(put, 409);
    expect((put.body as StatusBody).reason).toBe("Conflict");
    const noRv = await send(target(), "operator", { method: "PUT", path: functionPath(NS, "rv"), body: { ...fn, metadata: { ...fn.metadata, resourceVersion: undefined } } });
    // Custom resources need a resourceVersion to update (strategy AllowUnconditionalUpdate false).
    expectStatus(noRv, 422);
    expect((await getFunction(target(), NS, "rv"))?.metadata.labels).toEqual({ bump: "1" });
  });

  it("refuses a strategic merge patch on a custom resource with 415", async () => {
    await createFunction(target(), NS, "smp");
    const res = await send(target(), "operator", {
      method: "PATCH", path: functionPath(NS, "smp"), body: { metadata: { labels: { a: "b" } } }, contentType: "application/strategic-merge-patch+json",
    });
    expectStatus(res, 415);
  });

  it("runs dryRun=All patches, creates and deletes without storing anything", async () => {
    const fn = await createFunction(target(), NS, "dry", { finalizers: [ACK_FUNCTION_FINALIZER] });
    const patch = await jsonPatch(target(), "operator", NS, "dry", [
      { op: "test", path: "/metadata/resourceVersion", value: fn.metadata.resourceVersion },
      { op: "remove", path: "/metadata/finalizers/0" },
    ], { dryRun: "All" });
    expectStatus(patch, 200);
    expect((patch.body as FunctionObject).metadata.finalizers ?? []).toEqual([]);
    expect((patch.body as FunctionObject).metadata.resourceVersion).toBe(fn.metadata.resourceVersion);

    const failing = await jsonPatch(target(), "operator", NS, "dry", [{ op: "test", path: "/metadata/resourceVersion", value: "1" }], { dryRun: "All" });
    expectStatus(failing, 422);

    const del = await send(target(), "operator", { method: "DELETE", path: functionPath(NS, "dry"), query: { dryRun: "All" } });
    expectStatus(del, 200);
    expect((del.body as FunctionObject).metadata.deletionTimestamp).toBeTruthy();

    const create = await send(target(), "admin", { method: "POST", path: functionsPath(NS), query: { dryRun: "All" }, body: functionManifest(NS, "dry-new") });
    expectStatus(create, 201);
    expect((create.body as FunctionObject).metadata.name).toBe("dry-new");

    const after = await getFunction(target(), NS, "dry");
    expect(after?.metadata.resourceVersion).toBe(fn.metadata.resourceVersion);
    expect(after?.metadata.deletionTimestamp).toBeUndefined();
    expect(after?.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(await getFunction(target(), NS, "dry-new")).toBeNull();
  });

  it("refuses unknown dryRun and fieldValidation values with 422 on the request options", async () => {
    await createFunction(target(), NS, "dry-bad");
    const cases = [
      { res: await mergePatch(target(), "operator", NS, "dry-bad", { metadata: { labels: { a: "b" } } }, { dryRun: "Maybe" }), kind: "PatchOptions", field: "dryRun" },
      { res: await send(target(), "operator", { method: "DELETE", path: functionPath(NS, "dry-bad"), query: { dryRun: "Maybe" } }), kind: "DeleteOptions", field: "dryRun" },
      { res: await mergePatch(target(), "operator", NS, "dry-bad", { metadata: { labels: { a: "b" } } }, { fieldValidation: "Loose" }), kind: "PatchOptions", field: "fieldValidation" },
    ];
    for (const { res, kind, field } of cases) {
      expectStatus(res, 422);
      const body = res.body as StatusBody & { details?: { group?: string } };
      expect(body.reason).toBe("Invalid");
      expect(body.details).toMatchObject({ kind, group: "meta.k8s.io" });
      expect(body.details?.causes?.map((c) => [c.reason, c.field])).toEqual([["FieldValueNotSupported", field]]);
      expect(body.message).toContain(`${kind}.meta.k8s.io "" is invalid: ${field}: Unsupported value:`);
    }
    const after = await getFunction(target(), NS, "dry-bad");
    expect(after?.metadata.labels).toBeUndefined();
    expect(after?.metadata.deletionTimestamp).toBeUndefined();
  });
}
