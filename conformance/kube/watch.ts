/**
 * WATCH: initial ADDED events without a resourceVersion, resume from a resourceVersion with
 * every later change in order, and 410 Expired for a resume older than a compaction
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes,
 * "410 Gone responses").
 */
import { beforeAll, expect, it } from "vitest";
import { kubeStream, type KubeHttpError } from "@/lib/server/kube/http";
import { createFunction, createNamespace, expectStatus, functionsPath, mergePatch, send, type FunctionObject, type GetTarget } from "./api";
import type { KubeTarget } from "../targets";

const NS = "conf-watch";

export interface WatchEvent {
  type: string;
  object: FunctionObject & { code?: number; reason?: string; message?: string };
}

/**
 * Opens a watch and collects events until `enough` says so, the stream ends, or timeoutMs.
 * Resolves with the events and the HTTP-level error (a non-200 answer), if any.
 */
export async function collectWatch(
  t: KubeTarget,
  query: Record<string, string | number | boolean | undefined>,
  enough: (events: WatchEvent[]) => boolean,
  timeoutMs = 10_000,
  namespace = NS,
): Promise<{ events: WatchEvent[]; error: KubeHttpError | null }> {
  const events: WatchEvent[] = [];
  const stream = kubeStream(t.kc("viewer"), { path: functionsPath(namespace), query: { watch: 1, ...query }, idleTimeoutMs: timeoutMs }, (line) => {
    events.push(line as WatchEvent);
    if (enough(events)) stream.abort();
  });
  const timer = setTimeout(() => stream.abort(), timeoutMs);
  const { error } = await stream.done;
  clearTimeout(timer);
  return { events, error };
}

export function watchCases(target: GetTarget): void {
  beforeAll(async () => {
    await createNamespace(target(), NS);
  });

  it("starts a watch without resourceVersion with ADDED events for what exists", async () => {
    await createFunction(target(), NS, "w-initial-a");
    await createFunction(target(), NS, "w-initial-b");
    const { events, error } = await collectWatch(target(), {}, (e) => e.length >= 2);
    expect(error).toBeNull();
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual(["ADDED w-initial-a", "ADDED w-initial-b"]);

    // With bookmarks allowed, the initial events end with the initial-events-end BOOKMARK
    // (WatchList: such a watch is served as sendInitialEvents=true), for "" and "0" alike.
    for (const resourceVersion of [undefined, "0"]) {
      const marked = await collectWatch(target(), { allowWatchBookmarks: true, resourceVersion }, (e) => e.some((x) => x.type === "BOOKMARK"));
      expect(marked.events.map((e) => e.type)).toEqual(["ADDED", "ADDED", "BOOKMARK"]);
      const end = marked.events[2].object;
      expect(end.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
      expect(Number(end.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(events[1].object.metadata.resourceVersion));
    }
  });

  it("resumes from a resourceVersion with every later change, in order", async () => {
    const fn = await createFunction(target(), NS, "w-resume");
    for (const step of ["1", "2", "3"]) expectStatus(await mergePatch(target(), "admin", NS, "w-resume", { metadata: { labels: { step } } }), 200);
    expectStatus(await send(target(), "admin", { method: "DELETE", path: `${functionsPath(NS)}/w-resume` }), 200);
    const { events, error } = await collectWatch(target(), { resourceVersion: fn.metadata.resourceVersion }, (e) => e.some((x) => x.type === "DELETED"));
    expect(error).toBeNull();
    const mine = events.filter((e) => e.object.metadata.name === "w-resume");
    expect(mine.map((e) => `${e.type} ${e.object.metadata.labels?.step ?? "-"}`)).toEqual(["MODIFIED 1", "MODIFIED 2", "MODIFIED 3", "DELETED 3"]);
    const rvs = mine.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(rvs[0]).toBeGreaterThan(Number(fn.metadata.resourceVersion));
  });

  it("answers a resume older than a compaction with a 410 Expired ERROR event, and resumes from now", async () => {
    const fn = await createFunction(target(), NS, "w-compact");
    for (const step of ["1", "2"]) expectStatus(await mergePatch(target(), "admin", NS, "w-compact", { metadata: { labels: { step } } }), 200);
    await target().compact();

    const old = await collectWatch(target(), { resourceVersion: fn.metadata.resourceVersion }, (e) => e.some((x) => x.type === "ERROR"));
    expect(old.error).toBeNull();
    expect(old.events.map((e) => e.type)).toEqual(["ERROR"]);
    expect(old.events[0].object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });

    const list = await send(target(), "viewer", { path: functionsPath(NS) });
    expectStatus(list, 200);
    const now = (list.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const fresh = collectWatch(target(), { resourceVersion: now }, (e) => e.length >= 1);
    // Give the watch a moment to be established before the change it must see.
    await new Promise((r) => setTimeout(r, 300));
    expectStatus(await mergePatch(target(), "admin", NS, "w-compact", { metadata: { labels: { step: "3" } } }), 200);
    const { events, error } = await fresh;
    expect(error).toBeNull();
    expect(events.map((e) => `${e.type} ${e.object.metadata.labels?.step}`)).toEqual(["MODIFIED 3"]);
  });
}
