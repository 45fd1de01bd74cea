/**
 * A live stream resumed on another replica: two dashboard processes (test/replica-process.ts) on
 * one real PostgreSQL (test/postgres.ts) and a simulated cluster. A client reads replica A's
 * stream, leaves, things change (conditions, a Function deleted, an audit entry), and it comes
 * back to replica B with A's Last-Event-ID: it gets exactly the timeline and audit entries it
 * missed, each once, the rows that changed, no reset; and the time to that resume is measured.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { describeWithPostgres } from "@/test/postgres";
import { readStream, startReplica, stateOf, timelineIdsOf, type Replica, type StreamEvent } from "@/test/replica-processes";
import { until } from "@/test/until";
import { openStores } from "../store/open";

const NS = "team-a";
const FUNCTIONS = 4;

function fnObject(i: number, ready: string) {
  return {
    ...functionManifest(`fn-${i}`, NS),
    status: { conditions: [{ type: "ACK.ResourceSynced", status: ready, reason: "Scripted", message: `synced ${ready}`, lastTransitionTime: new Date().toISOString() }] },
  } as never;
}

const rowIdsOf = (events: StreamEvent[]) => events.filter((e) => e.event === "row").map((e) => JSON.parse(e.data!) as { id: string; row: unknown });

describeWithPostgres("a live stream resumed on another replica", (server) => {
  it("sends what was missed on replica A when the client comes back to replica B, with no reset", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resume-"));
    const kube = new KubeApiSim(testSimOptions({ name: "resume" }));
    const replicas: Replica[] = [];
    const db = await server().createDatabase();
    const stores = openStores(db.url);
    try {
      await kube.start();
      kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
      for (let i = 0; i < FUNCTIONS; i++) kube.store.put(fnObject(i, "True"));
      const kubeconfig = path.join(dir, "kubeconfig");
      writeKubeconfig(kubeconfig, [{ name: "resume", url: kube.url, token: "dashboard-token" }]);
      const env = { KUBECONFIG: kubeconfig, ACK_FLEET_STORE: db.url };
      const [a, b] = await Promise.all([startReplica("a", env), startReplica("b", env)]);
      replicas.push(a, b);
      const startedAt = Date.now();
      await until("one leader, both replicas see the fleet", async () => {
        const states = await Promise.all(replicas.map(stateOf));
        return states.every((s) => s?.rows === FUNCTIONS) && states.filter((s) => s?.recording).length === 1;
      }, 30_000);
      await stores.ready();
      // B must have been up for longer than the resume's allowance for skew (5 s) before the client's last event on A.
      await new Promise((r) => setTimeout(r, Math.max(0, startedAt + 6_000 - Date.now())));

      // On A: one change, seen live.
      const onA = readStream(a);
      await until("A's hello", () => onA.events.some((e) => e.event === "hello"));
      kube.store.put(fnObject(0, "False"));
      await until("A streams fn-0's new condition and row", () => timelineIdsOf(onA.events).length > 0 && rowIdsOf(onA.events).some((r) => r.id.endsWith("/fn-0")));
      await new Promise((r) => setTimeout(r, 300));
      onA.close();
      const seenOnA = timelineIdsOf(onA.events);
      const lastId = onA.events.at(-1)!.id!;
      const lastSeenEntry = Math.max(...seenOnA.map(Number));

      // While away: conditions change, a Function goes, an operator's refusal is audited.
      kube.store.put(fnObject(1, "False"));
      kube.store.put(fnObject(2, "False"));
      kube.store.delete(FN_RESOURCE, NS, "fn-3", { force: true });
      const audit = await stores.audit.append({
        requestId: "resume-1", phase: "refused", actor: { user: "mallory", groups: [] }, cluster: "resume", namespace: NS, name: "fn-1", uid: null,
        action: "remove-finalizer", reason: "", preconditions: {}, dryRun: null, outcome: "refused", error: "test", status: 403,
      });
      const missed = await until("the leader records the changes", async () => {
        const entries = await stores.timeline.entriesAfter(lastSeenEntry, await stores.timeline.lastEntryId(), 1_000);
        const names = new Set(entries.map((e) => e.name));
        return ["fn-1", "fn-2", "fn-3"].every((n) => names.has(n)) ? entries : null;
      }, 20_000);
      await new Promise((r) => setTimeout(r, 1_000));
      const expected = (await stores.timeline.entriesAfter(lastSeenEntry, await stores.timeline.lastEntryId(), 1_000)).map((e) => e.id);
      expect(expected.length).toBeGreaterThanOrEqual(missed.length);

      // Back, on B, with A's id.
      const asked = Date.now();
      const onB = readStream(b, { "Last-Event-ID": lastId });
      await until("B's hello", () => onB.events.some((e) => e.event === "hello"), 10_000);
      const resumeMs = Date.now() - asked;
      console.log(`[resume] Last-Event-ID of replica A resumed on replica B: hello after ${resumeMs} ms, ${onB.events.length - 1} events replayed`);
      await new Promise((r) => setTimeout(r, 500));
      onB.close();
      const hello = onB.events.find((e) => e.event === "hello")!;
      expect(onB.events.filter((e) => e.event === "reset")).toEqual([]);
      expect(JSON.parse(hello.data!)).toEqual({ resumed: true });
      const carried = timelineIdsOf(onB.events);
      // Exactly what was missed: every entry after the last one seen on A, once, and the audit entry.
      expect(carried.filter((id) => !id.startsWith("audit:"))).toEqual(expected);
      expect(carried.filter((id) => id.startsWith("audit:"))).toEqual([`audit:${audit.id}`]);
      expect(carried.filter((id) => seenOnA.includes(id))).toEqual([]);
      // The rows that changed: the two new conditions and the Function that went.
      const rows = rowIdsOf(onB.events);
      for (const name of ["fn-1", "fn-2"]) expect(rows.find((r) => r.id.endsWith(`/${name}`))?.row).toBeTruthy();
      expect(rows.find((r) => r.id.endsWith("/fn-3"))).toMatchObject({ row: null });
      expect(onB.events.some((e) => e.event === "clusters")).toBe(true);
    } finally {
      for (const r of replicas) r.child.kill("SIGKILL");
      await stores.close();
      await kube.stop();
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
