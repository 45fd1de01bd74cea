/**
 * The dashboard's own informer (lib/server/kube/watcher.ts ResourceWatcher) against the target:
 * its paged list, its watch, and its relist after a 410 (a resume older than a compaction).
 * The watcher's view must end equal to what the API server holds, after every kind of change.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ResourceWatcher } from "@/lib/server/kube/watcher";
import { createFunction, createNamespace, eventually, expectStatus, functionPath, functionsPath, mergePatch, send, type FunctionObject, type GetTarget } from "./api";

const NS = "conf-watcher";
const SELECTOR = "conformance/watched=yes";
const WATCHED = { "conformance/watched": "yes" };

/** What a ResourceWatcher's handlers know: name → resourceVersion, and how often it listed. */
class View {
  readonly objects = new Map<string, string>();
  lists = 0;
  connected = false;
  handlers = {
    onList: (items: unknown[]) => {
      this.lists++;
      this.objects.clear();
      for (const o of items as FunctionObject[]) this.objects.set(o.metadata.name, o.metadata.resourceVersion);
    },
    onAdded: (o: unknown) => this.put(o as FunctionObject),
    onModified: (o: unknown) => this.put(o as FunctionObject),
    onDeleted: (o: unknown) => void this.objects.delete((o as FunctionObject).metadata.name),
    onState: (s: { connected: boolean }) => void (this.connected = s.connected),
  };
  private put(o: FunctionObject) {
    this.objects.set(o.metadata.name, o.metadata.resourceVersion);
  }
  snapshot(): string {
    return JSON.stringify([...this.objects.entries()].sort());
  }
}

export function watcherCases(target: GetTarget): void {
  let watcher: ResourceWatcher | undefined;
  const view = new View();

  /** The truth: the watched Functions as the API server lists them now. */
  const truth = async (): Promise<string> => {
    const res = await send(target(), "admin", { path: functionsPath(NS), query: { labelSelector: SELECTOR } });
    expectStatus(res, 200);
    const items = (res.body as { items: FunctionObject[] }).items;
    return JSON.stringify(items.map((o) => [o.metadata.name, o.metadata.resourceVersion]).sort());
  };
  const converged = (what: string) =>
    eventually(what, async () => {
      const want = await truth();
      return view.snapshot() === want ? want : null;
    });

  beforeAll(async () => {
    await createNamespace(target(), NS);
    for (let i = 0; i < 5; i++) await createFunction(target(), NS, `seen-${i}`, { labels: WATCHED });
    await createFunction(target(), NS, "unwatched", { labels: { "conformance/watched": "no" } });
  });

  afterAll(() => watcher?.stop());

  it("keeps a quiet watch connected: no BOOKMARK is promised, the server's timeoutSeconds ends it cleanly", async () => {
    // An etcd-served watch (the real target) sends nothing while nothing changes; the API
    // contract promises no bookmark interval ("clients should not assume bookmarks are returned
    // at any specific interval", API concepts, Watch bookmarks). A client-side idle timeout
    // shorter than the server's watch timeout would call a healthy cluster disconnected.
    await createNamespace(target(), "conf-quiet");
    const states: boolean[] = [];
    const quiet = new ResourceWatcher(
      target().kc("dashboard"),
      { path: functionsPath("conf-quiet"), watchTimeoutSeconds: 1, idleTimeoutMs: 500 },
      { ...new View().handlers, onState: (s) => void states.push(s.connected) },
    );
    quiet.start();
    try {
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      quiet.stop();
    }
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((connected) => connected)).toBe(true);
  });

  it("lists in pages, then follows additions, changes and deletions", async () => {
    // Two-item pages: the initial list takes three requests with continue tokens.
    watcher = new ResourceWatcher(target().kc("dashboard"), { path: functionsPath(NS), labelSelector: SELECTOR, pageSize: 2, watchTimeoutSeconds: 2 }, view.handlers);
    watcher.start();
    await converged("the initial list");
    expect(view.lists).toBe(1);
    expect(view.objects.size).toBe(5);

    await createFunction(target(), NS, "seen-new", { labels: WATCHED });
    expectStatus(await mergePatch(target(), "admin", NS, "seen-0", { spec: { memorySize: 512 } }), 200);
    expectStatus(await send(target(), "admin", { method: "DELETE", path: functionPath(NS, "seen-1") }), 200);
    // Moving out of the selector is a deletion for this watcher.
    expectStatus(await mergePatch(target(), "admin", NS, "seen-2", { metadata: { labels: { "conformance/watched": "no" } } }), 200);
    await converged("the changes");
    expect([...view.objects.keys()].sort()).toEqual(["seen-0", "seen-3", "seen-4", "seen-new"]);
    expect(view.lists).toBe(1);
  });

  it("relists after a 410 and then sees every change", async () => {
    // Writes the watcher does not see (outside its selector) move the store past its
    // resourceVersion; after the compaction its next resume (every 2 s) is too old.
    for (let i = 0; i < 3; i++) expectStatus(await mergePatch(target(), "admin", NS, "unwatched", { metadata: { annotations: { touch: String(i) } } }), 200);
    await target().compact();
    await eventually("the relist after 410", () => view.lists >= 2, 15_000);
    expect(view.connected).toBe(true);
    await converged("the relist");

    await createFunction(target(), NS, "seen-after", { labels: WATCHED });
    expectStatus(await mergePatch(target(), "admin", NS, "seen-3", { metadata: { labels: { extra: "1" } } }), 200);
    expectStatus(await send(target(), "admin", { method: "DELETE", path: functionPath(NS, "seen-4") }), 200);
    await converged("the changes after the relist");
    expect([...view.objects.keys()].sort()).toEqual(["seen-0", "seen-3", "seen-after", "seen-new"]);
    expect(view.lists).toBe(2);
  });
}
