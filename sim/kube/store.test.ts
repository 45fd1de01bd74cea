/**
 * Pure pieces and store semantics: RFC 6902/7386 patches, selectors, the seeding API
 * (backdating, finalizer-aware delete, compaction), namespace termination, and watch selector
 * transitions over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PatchApplyError, applyJsonPatch, applyMergePatch } from "./patch";
import { matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors";
import { KubeApiSim } from "./server";
import { humanDuration } from "./table";
import { ACK_FUNCTION_FINALIZER, FN_RESOURCE, TOKENS, call, functionManifest, testSimOptions } from "./testkit";

describe("patch", () => {
  it("applies RFC 6902 operations and fails a test without side effects", () => {
    const doc = { a: { b: [1, 2, 3] }, c: "x" };
    expect(applyJsonPatch(doc, [{ op: "remove", path: "/a/b/0" }, { op: "add", path: "/a/b/-", value: 4 }, { op: "move", from: "/c", path: "/d" }])).toEqual({ a: { b: [2, 3, 4] }, d: "x" });
    expect(() => applyJsonPatch(doc, [{ op: "remove", path: "/a/b/0" }, { op: "test", path: "/c", value: "y" }])).toThrow(PatchApplyError);
    expect(doc).toEqual({ a: { b: [1, 2, 3] }, c: "x" });
    expect(() => applyJsonPatch(doc, [{ op: "replace", path: "/missing", value: 1 }])).toThrow(/doc is missing key/);
    expect(applyJsonPatch({ "a/b": { "c~d": 1 } }, [{ op: "test", path: "/a~1b/c~0d", value: 1 }])).toEqual({ "a/b": { "c~d": 1 } });
  });

  it("merges RFC 7386 patches (null deletes, arrays replace)", () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [9] })).toEqual({ a: 1, b: { d: 3, e: 4 }, l: [9] });
  });
});

describe("selectors", () => {
  it("parses and matches label selectors", () => {
    const sel = parseLabelSelector("env in (prod, stage),tier!=db,!legacy,app");
    expect(matchesLabels(sel, { env: "prod", app: "x" })).toBe(true);
    expect(matchesLabels(sel, { env: "prod", app: "x", tier: "db" })).toBe(false);
    expect(matchesLabels(sel, { env: "dev", app: "x" })).toBe(false);
    expect(matchesLabels(sel, { env: "prod", app: "x", legacy: "" })).toBe(false);
    expect(matchesLabels(parseLabelSelector("a notin (x)"), {})).toBe(true);
    expect(() => parseLabelSelector("a in (")).toThrow();
  });

  it("rejects field labels a resource does not support", () => {
    expect(parseFieldSelector("metadata.name==a,metadata.namespace!=b", ["metadata.name", "metadata.namespace"])).toHaveLength(2);
    expect(() => parseFieldSelector("spec.name=a", ["metadata.name", "metadata.namespace"])).toThrow("field label not supported: spec.name");
  });

  it("formats ages like kubectl", () => {
    expect([humanDuration(5_000), humanDuration(150_000), humanDuration(3 * 3600_000 + 5 * 60_000), humanDuration(3 * 86400_000)]).toEqual(["5s", "2m30s", "3h5m", "3d"]);
  });
});

describe("store and lifecycle", () => {
  const sim = new KubeApiSim(testSimOptions({ name: "store", watchHistoryLimit: 5 }));
  beforeAll(() => sim.start());
  afterAll(() => sim.stop());

  it("keeps backdated metadata on put, bumps generation on spec change only", () => {
    const put = sim.store.put({ ...functionManifest("old", "team-x"), metadata: { name: "old", namespace: "team-x", creationTimestamp: "2020-01-01T00:00:00Z", uid: "u-1" } });
    expect(put?.metadata).toMatchObject({ creationTimestamp: "2020-01-01T00:00:00Z", uid: "u-1", generation: 1 });
    expect(sim.store.get("namespaces", undefined, "team-x")).toBeDefined();
    const relabel = sim.store.put({ ...(put as object), metadata: { ...put?.metadata, labels: { a: "b" } } } as never);
    expect(relabel?.metadata.generation).toBe(1);
    const respec = sim.store.put({ ...(relabel as object), spec: { ...functionManifest("old", "team-x").spec, memorySize: 2048 } } as never);
    expect(respec?.metadata.generation).toBe(2);
    expect(Number(respec?.metadata.resourceVersion)).toBeGreaterThan(Number(relabel?.metadata.resourceVersion));
  });

  it("deletes through finalizers and trims history to the window", () => {
    sim.store.put(functionManifest("fin", "team-x", { finalizers: [ACK_FUNCTION_FINALIZER] }));
    const left = sim.store.delete(FN_RESOURCE, "team-x", "fin");
    expect(left?.metadata.deletionTimestamp).toBeTruthy();
    expect(sim.store.delete(FN_RESOURCE, "team-x", "fin", { force: true })).toBeUndefined();
    expect(sim.store.get(FN_RESOURCE, "team-x", "fin")).toBeUndefined();
    const rv = Number(sim.store.currentResourceVersion());
    expect(sim.store.eventsSince(rv - 5)).toHaveLength(5);
    expect(sim.store.eventsSince(rv - 6)).toBeUndefined();
  });

  it("terminates a namespace: content deleted, namespace gone once the last finalizer is removed", async () => {
    sim.store.put(functionManifest("a", "team-y", { finalizers: [ACK_FUNCTION_FINALIZER] }));
    sim.store.put(functionManifest("b", "team-y"));
    const del = await call(sim, "DELETE", "/api/v1/namespaces/team-y", { token: TOKENS.admin });
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ status: { phase: "Terminating" } });
    expect(sim.store.get(FN_RESOURCE, "team-y", "b")).toBeUndefined();
    const create = await call(sim, "POST", "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-y/functions", { token: TOKENS.admin, contentType: "application/json", body: JSON.stringify(functionManifest("c", "team-y")) });
    expect(create.status).toBe(403);
    const patch = await call(sim, "PATCH", "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-y/functions/a", { token: TOKENS.admin, contentType: "application/merge-patch+json", body: JSON.stringify({ metadata: { finalizers: null } }) });
    expect(patch.status).toBe(200);
    expect(sim.store.get("namespaces", undefined, "team-y")).toBeUndefined();
  });

  it("turns a label change out of a watch's selector into DELETED", async () => {
    sim.store.put(functionManifest("w", "team-z", { labels: { env: "prod" } }));
    const res = await fetch(`${sim.url}/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-z/functions?watch=1&labelSelector=env%3Dprod&timeoutSeconds=1`, { headers: { Authorization: `Bearer ${TOKENS.admin}` } });
    setTimeout(() => sim.store.put(functionManifest("w", "team-z", { labels: { env: "dev" } })), 50);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: { metadata: { labels: Record<string, string> } } });
    expect(lines.map((l) => `${l.type}:${l.object.metadata.labels.env}`)).toEqual(["ADDED:prod", "DELETED:dev"]);
  });
});
