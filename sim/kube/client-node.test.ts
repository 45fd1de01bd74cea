/**
 * The simulator against the real @kubernetes/client-node 1.4: CRUD, patches, watch with
 * resume and 410, informer, finalizers, dryRun, conflicts, CRD validation, access reviews,
 * impersonation, outage and restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubernetesObject,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { KubeApiSim } from "./server";
import { ACK_FUNCTION_FINALIZER, FN, FN_RESOURCE, TOKENS, functionManifest, kubeConfigFor, statusOf, testSimOptions } from "./testkit";

type Obj = KubernetesObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const sim = new KubeApiSim(testSimOptions({ watchHistoryLimit: 50 }));
let custom: CustomObjectsApi;
let core: CoreV1Api;
let kcAdmin: ReturnType<typeof kubeConfigFor>;

const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const jsonPatch = setHeaderOptions("Content-Type", PatchStrategy.JsonPatch);

async function rejected(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return statusOf(e);
  }
  throw new Error("expected the request to fail");
}

function get(ns: string, name: string): Promise<Obj> {
  return custom.getNamespacedCustomObject({ ...FN, namespace: ns, name }) as Promise<Obj>;
}

beforeAll(async () => {
  await sim.start();
  kcAdmin = kubeConfigFor(sim, TOKENS.admin);
  custom = kcAdmin.makeApiClient(CustomObjectsApi);
  core = kcAdmin.makeApiClient(CoreV1Api);
  for (const [name, ns, env] of [
    ["alpha", "team-a", "prod"],
    ["beta", "team-a", "dev"],
    ["gamma", "team-b", "prod"],
  ] as const) {
    sim.store.put(functionManifest(name, ns, { labels: { env }, finalizers: [ACK_FUNCTION_FINALIZER] }));
  }
});

afterAll(async () => {
  await sim.stop();
});

describe("client-node against the simulator", () => {
  it("lists across namespaces with label selectors and pages with limit/continue", async () => {
    const all = (await custom.listClusterCustomObject({ ...FN })) as { items: Obj[]; metadata: { resourceVersion: string } };
    expect(all.items.map((o) => o.metadata?.name)).toEqual(["alpha", "beta", "gamma"]);
    expect(Number(all.metadata.resourceVersion)).toBeGreaterThan(0);
    const prod = (await custom.listClusterCustomObject({ ...FN, labelSelector: "env in (prod),env!=dev" })) as { items: Obj[] };
    expect(prod.items.map((o) => o.metadata?.name)).toEqual(["alpha", "gamma"]);
    const page1 = (await custom.listClusterCustomObject({ ...FN, limit: 2 })) as { items: Obj[]; metadata: { continue?: string; remainingItemCount?: number } };
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.remainingItemCount).toBe(1);
    // A change between pages must not show up: pages come from one snapshot.
    sim.store.put(functionManifest("aaa-late", "team-b"));
    const page2 = (await custom.listClusterCustomObject({ ...FN, limit: 2, _continue: page1.metadata.continue })) as { items: Obj[]; metadata: { continue?: string } };
    expect(page2.items.map((o) => o.metadata?.name)).toEqual(["gamma"]);
    // "" on the last page of a custom resource list, as kube-apiserver answers (conformance/kube/list.ts).
    expect(page2.metadata.continue).toBe("");
    sim.store.delete(FN_RESOURCE, "team-b", "aaa-late");
    const inNs = (await custom.listNamespacedCustomObject({ ...FN, namespace: "team-b", fieldSelector: "metadata.name=gamma" })) as { items: Obj[] };
    expect(inNs.items.map((o) => o.metadata?.name)).toEqual(["gamma"]);
  });

  it("watches, resumes from a resourceVersion, and answers 410 after compaction", async () => {
    const list = (await custom.listNamespacedCustomObject({ ...FN, namespace: "team-a" })) as { metadata: { resourceVersion: string } };
    const startRv = list.metadata.resourceVersion;
    const seen: string[] = [];
    const watch = new Watch(kcAdmin);
    let lastRv = startRv;
    const ctrl = await watch.watch(
      "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-a/functions",
      { resourceVersion: startRv, allowWatchBookmarks: true },
      (type, obj: Obj) => {
        if (type !== "BOOKMARK") seen.push(`${type}:${obj.metadata?.name}`);
        lastRv = obj.metadata?.resourceVersion ?? lastRv;
      },
      () => undefined,
    );
    await custom.createNamespacedCustomObject({ ...FN, namespace: "team-a", body: functionManifest("delta", "team-a") });
    await custom.patchNamespacedCustomObject({ ...FN, namespace: "team-a", name: "delta", body: { metadata: { labels: { env: "qa" } } } }, merge);
    await expect.poll(() => seen.length, { timeout: 3000 }).toBe(2);
    ctrl.abort();
    const rvBeforeGap = lastRv;
    await custom.patchNamespacedCustomObject({ ...FN, namespace: "team-a", name: "delta", body: { metadata: { labels: { env: "stage" } } } }, merge);
    await custom.deleteNamespacedCustomObject({ ...FN, namespace: "team-a", name: "delta" });

    // Resume: the two missed events arrive, in order.
    const resumed: string[] = [];
    const ctrl2 = await watch.watch("/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-a/functions", { resourceVersion: rvBeforeGap }, (type, obj: Obj) => resumed.push(`${type}:${obj.metadata?.name}`), () => undefined);
    await expect.poll(() => resumed, { timeout: 3000 }).toEqual(["MODIFIED:delta", "DELETED:delta"]);
    ctrl2.abort();
    expect(seen).toEqual(["ADDED:delta", "MODIFIED:delta"]);

    // After compaction, the same resume gets one ERROR event with a 410 Status, then the stream ends.
    sim.store.compact();
    const errorsSeen: Array<{ type: string; code?: number; reason?: string }> = [];
    let ended = false;
    await watch.watch(
      "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-a/functions",
      { resourceVersion: rvBeforeGap },
      (type, obj: { code?: number; reason?: string }) => errorsSeen.push({ type, code: obj.code, reason: obj.reason }),
      () => {
        ended = true;
      },
    );
    await expect.poll(() => ended, { timeout: 3000 }).toBe(true);
    expect(errorsSeen).toEqual([{ type: "ERROR", code: 410, reason: "Expired" }]);
  });

  it("sends BOOKMARK events when allowed", async () => {
    const bookmarks: string[] = [];
    const ctrl = await new Watch(kcAdmin).watch(
      "/apis/lambda.services.k8s.aws/v1alpha1/functions",
      { resourceVersion: sim.store.currentResourceVersion(), allowWatchBookmarks: true },
      (type, obj: Obj) => {
        if (type === "BOOKMARK") bookmarks.push(obj.metadata?.resourceVersion ?? "");
      },
      () => undefined,
    );
    await expect.poll(() => bookmarks.length, { timeout: 3000 }).toBeGreaterThan(0);
    ctrl.abort();
    expect(bookmarks[0]).toBe(sim.store.currentResourceVersion());
  });

  it("feeds an informer (ListWatch) with adds, updates and deletes", async () => {
    const path = "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-c/functions";
    sim.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-c" } });
    const informer = makeInformer<Obj>(kcAdmin, path, () => custom.listNamespacedCustomObject({ ...FN, namespace: "team-c" }) as never);
    const log: string[] = [];
    informer.on("add", (o) => log.push(`add:${o.metadata?.name}`));
    informer.on("update", (o) => log.push(`update:${o.metadata?.name}`));
    informer.on("delete", (o) => log.push(`delete:${o.metadata?.name}`));
    await informer.start();
    await custom.createNamespacedCustomObject({ ...FN, namespace: "team-c", body: functionManifest("eps", "team-c") });
    await expect.poll(() => informer.get("eps", "team-c")?.metadata?.name, { timeout: 3000 }).toBe("eps");
    await custom.patchNamespacedCustomObject({ ...FN, namespace: "team-c", name: "eps", body: { spec: { memorySize: 256 } } }, merge);
    await custom.deleteNamespacedCustomObject({ ...FN, namespace: "team-c", name: "eps" });
    await expect.poll(() => log, { timeout: 3000 }).toEqual(["add:eps", "update:eps", "delete:eps"]);
    await informer.stop();
  });

  it("rejects a JSON patch whose test fails with 422 and changes nothing", async () => {
    const before = await get("team-a", "alpha");
    const status = await rejected(
      custom.patchNamespacedCustomObject(
        {
          ...FN,
          namespace: "team-a",
          name: "alpha",
          body: [
            { op: "test", path: "/metadata/resourceVersion", value: "1" },
            { op: "remove", path: "/metadata/finalizers/0" },
          ],
        },
        jsonPatch,
      ),
    );
    expect(status.code).toBe(422);
    expect(status.body.reason).toBe("Invalid");
    // kube-apiserver v1.37 does not say which operation failed (conformance/kube/writes.ts).
    expect(status.body.message).toBe("the server rejected our request due to an error in our request");
    const after = await get("team-a", "alpha");
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(after.metadata?.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
  });

  it("applies a JSON patch with a passing test; generation follows spec changes only", async () => {
    const before = await get("team-a", "beta");
    const labelled = (await custom.patchNamespacedCustomObject({ ...FN, namespace: "team-a", name: "beta", body: { metadata: { labels: { owner: "ops" } } } }, merge)) as Obj;
    expect(labelled.metadata?.labels).toEqual({ env: "dev", owner: "ops" });
    expect(labelled.metadata?.generation).toBe(before.metadata?.generation);
    const patched = (await custom.patchNamespacedCustomObject(
      {
        ...FN,
        namespace: "team-a",
        name: "beta",
        body: [
          { op: "test", path: "/metadata/resourceVersion", value: labelled.metadata?.resourceVersion },
          { op: "replace", path: "/spec/memorySize", value: 512 },
        ],
      },
      jsonPatch,
    )) as Obj;
    expect(patched.spec?.memorySize).toBe(512);
    expect(patched.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(Number(labelled.metadata?.resourceVersion));
    expect(patched.metadata).not.toHaveProperty("managedFields");
  });

  it("dryRun=All validates but writes nothing", async () => {
    const rv = sim.store.currentResourceVersion();
    const created = (await custom.createNamespacedCustomObject({ ...FN, namespace: "team-a", body: functionManifest("dry", "team-a"), dryRun: "All" })) as Obj;
    expect(created.metadata?.name).toBe("dry");
    await custom.patchNamespacedCustomObject({ ...FN, namespace: "team-a", name: "alpha", body: { spec: { memorySize: 1024 } }, dryRun: "All" }, merge);
    await custom.deleteNamespacedCustomObject({ ...FN, namespace: "team-b", name: "gamma", dryRun: "All" });
    expect(sim.store.currentResourceVersion()).toBe(rv);
    expect((await rejected(get("team-a", "dry"))).code).toBe(404);
    expect((await get("team-a", "alpha")).spec?.memorySize).toBe(128);
    expect((await get("team-b", "gamma")).metadata?.deletionTimestamp).toBeUndefined();
  });

  it("deletes with finalizers in two steps and forbids new finalizers while deleting", async () => {
    sim.store.put(functionManifest("doomed", "team-b", { finalizers: [ACK_FUNCTION_FINALIZER] }));
    const deleting = (await custom.deleteNamespacedCustomObject({ ...FN, namespace: "team-b", name: "doomed" })) as Obj;
    expect(deleting.metadata?.deletionTimestamp).toBeTruthy();
    const still = await get("team-b", "doomed");
    expect(still.metadata?.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    const add = await rejected(custom.patchNamespacedCustomObject({ ...FN, namespace: "team-b", name: "doomed", body: { metadata: { finalizers: [ACK_FUNCTION_FINALIZER, "example.com/other"] } } }, merge));
    expect(add.code).toBe(422);
    expect(JSON.stringify(add.body)).toContain("no new finalizers can be added if the object is being deleted");
    await custom.patchNamespacedCustomObject(
      { ...FN, namespace: "team-b", name: "doomed", body: [{ op: "test", path: "/metadata/finalizers/0", value: ACK_FUNCTION_FINALIZER }, { op: "remove", path: "/metadata/finalizers/0" }] },
      jsonPatch,
    );
    expect((await rejected(get("team-b", "doomed"))).code).toBe(404);
  });

  it("answers 409 to an update with a stale resourceVersion, and 422 without one", async () => {
    const current = await get("team-a", "alpha");
    const stale = { ...current, metadata: { ...current.metadata, resourceVersion: "1" }, spec: { ...current.spec, memorySize: 256 } };
    const conflict = await rejected(custom.replaceNamespacedCustomObject({ ...FN, namespace: "team-a", name: "alpha", body: stale }));
    expect(conflict.code).toBe(409);
    expect(conflict.body.reason).toBe("Conflict");
    const noRv = { ...current, metadata: { ...current.metadata, resourceVersion: undefined } };
    expect((await rejected(custom.replaceNamespacedCustomObject({ ...FN, namespace: "team-a", name: "alpha", body: noRv }))).code).toBe(422);
    const ok = (await custom.replaceNamespacedCustomObject({ ...FN, namespace: "team-a", name: "alpha", body: { ...current, spec: { ...current.spec, memorySize: 256 } } })) as Obj;
    expect(ok.spec?.memorySize).toBe(256);
  });

  it("writes status only through the status subresource", async () => {
    const current = await get("team-a", "alpha");
    const status = { state: "Active", ackResourceMetadata: { ownerAccountID: "111122223333", region: "eu-west-1" } };
    const viaMain = (await custom.patchNamespacedCustomObject({ ...FN, namespace: "team-a", name: "alpha", body: { status } }, merge)) as Obj;
    expect(viaMain.status).toBeUndefined();
    const viaStatus = (await custom.patchNamespacedCustomObjectStatus({ ...FN, namespace: "team-a", name: "alpha", body: { status, spec: { memorySize: 4096 } } }, merge)) as Obj;
    expect(viaStatus.status).toEqual(status);
    expect(viaStatus.spec?.memorySize).toBe(current.spec?.memorySize);
    expect(viaStatus.metadata?.generation).toBe(current.metadata?.generation);
  });

  it("validates against the CRD schema: 422 with field causes, unknown fields pruned", async () => {
    const missing = functionManifest("invalid", "team-a") as { spec: Record<string, unknown> };
    delete missing.spec.name;
    missing.spec.memorySize = "big";
    const r = await rejected(custom.createNamespacedCustomObject({ ...FN, namespace: "team-a", body: missing }));
    expect(r.code).toBe(422);
    const causes = (r.body.details as { causes: Array<{ field: string; reason: string }> }).causes;
    expect(causes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "spec.name", reason: "FieldValueRequired" }),
        expect.objectContaining({ field: "spec.memorySize", reason: "FieldValueTypeInvalid" }),
      ]),
    );
    const extra = { ...functionManifest("pruned", "team-a"), spec: { ...functionManifest("pruned", "team-a").spec, notInSchema: true } };
    const created = (await custom.createNamespacedCustomObject({ ...FN, namespace: "team-a", body: extra })) as Obj;
    expect(created.spec).not.toHaveProperty("notInSchema");
    expect(created.spec?.name).toBe("aws-pruned");
  });

  it("answers access reviews from the policy", async () => {
    const authz = kcAdmin.makeApiClient(AuthorizationV1Api);
    const ask = (user: string, namespace: string, verb: string) =>
      authz.createSubjectAccessReview({ body: { spec: { user, groups: [], resourceAttributes: { group: FN.group, resource: "functions", verb, namespace, name: "alpha" } } } });
    expect((await ask("alice", "team-a", "patch")).status?.allowed).toBe(true);
    expect((await ask("alice", "team-b", "patch")).status?.allowed).toBe(false);
    expect((await ask("bob", "team-a", "get")).status?.allowed).toBe(false);
    const bobAuthz = kubeConfigFor(sim, TOKENS.bob).makeApiClient(AuthorizationV1Api);
    const self = await bobAuthz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { group: FN.group, resource: "functions", verb: "list" } } } });
    expect(self.status?.allowed).toBe(false);
    expect((await rejected(bobAuthz.createSubjectAccessReview({ body: { spec: { user: "alice", resourceAttributes: { verb: "get", resource: "functions" } } } }))).code).toBe(403);
  });

  it("honours impersonation for identities allowed to impersonate, 403 otherwise", async () => {
    const asAlice = setHeaderOptions("Impersonate-User", "alice");
    const dashboard = kubeConfigFor(sim, TOKENS.dashboard).makeApiClient(CustomObjectsApi);
    const ok = (await dashboard.patchNamespacedCustomObject({ ...FN, namespace: "team-a", name: "beta", body: { metadata: { annotations: { note: "by alice" } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch, asAlice))) as Obj;
    expect(ok.metadata?.annotations).toEqual({ note: "by alice" });
    // alice may not patch in team-b, and the dashboard acting as alice may not either.
    const denied = await rejected(dashboard.patchNamespacedCustomObject({ ...FN, namespace: "team-b", name: "gamma", body: { metadata: { labels: { x: "y" } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch, asAlice)));
    expect(denied.code).toBe(403);
    expect(denied.body.message).toContain('User "alice" cannot patch resource "functions"');
    // bob may not impersonate at all.
    const bob = kubeConfigFor(sim, TOKENS.bob).makeApiClient(CustomObjectsApi);
    const refused = await rejected(bob.listClusterCustomObject({ ...FN }, setHeaderOptions("Impersonate-User", "admin")));
    expect(refused.code).toBe(403);
    expect(refused.body.message).toContain('cannot impersonate resource "users"');
  });

  it("serves core Events with involvedObject field selectors", async () => {
    const alpha = await get("team-a", "alpha");
    await core.createNamespacedEvent({
      namespace: "team-a",
      body: {
        metadata: { name: "alpha.1", namespace: "team-a" },
        involvedObject: { apiVersion: `${FN.group}/${FN.version}`, kind: "Function", name: "alpha", namespace: "team-a", uid: alpha.metadata?.uid },
        reason: "Synced",
        message: "Resource synced successfully",
        type: "Normal",
      },
    });
    const events = await core.listNamespacedEvent({ namespace: "team-a", fieldSelector: `involvedObject.name=alpha,involvedObject.kind=Function,involvedObject.uid=${alpha.metadata?.uid}` });
    expect(events.items.map((e) => e.reason)).toEqual(["Synced"]);
    const none = await core.listNamespacedEvent({ namespace: "team-a", fieldSelector: "involvedObject.name=beta" });
    expect(none.items).toHaveLength(0);
  });

  it("keeps its data across stop/start on the same port, and cuts watches on stop", async () => {
    const port = sim.port;
    let ended = false;
    await new Watch(kcAdmin).watch("/apis/lambda.services.k8s.aws/v1alpha1/functions", {}, () => undefined, () => {
      ended = true;
    });
    await sim.stop();
    await expect.poll(() => ended, { timeout: 3000 }).toBe(true);
    expect(await custom.listClusterCustomObject({ ...FN }).then(() => "up", () => "down")).toBe("down");
    await sim.start();
    expect(sim.port).toBe(port);
    expect((await get("team-a", "alpha")).spec?.memorySize).toBe(256);
  });
});
