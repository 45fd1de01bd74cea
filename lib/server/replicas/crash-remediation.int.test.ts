/**
 * A replica killed (SIGKILL) in the middle of a remediation, on a real PostgreSQL with three
 * dashboard processes (test/replica-process.ts) and a simulated cluster: the attempt is in the
 * audit log, no outcome; the leader that is left (or takes over) appends the outcome the
 * cluster shows: a retain-and-delete stopped after its first step (the annotation) is completed
 * (reconciled: done), a request-deletion stopped before anything was sent is reconciled: not done.
 * The fault points (REPLICA_PAUSE_AT) pause the action until the test kills the process.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { ANNOTATION, CONTROLLER_NAMESPACE } from "@/lib/domain/ack";
import { controllerDeployment } from "@/sim/controller/deployment-manifest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { ACK_FUNCTION_FINALIZER, FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { describeWithPostgres } from "@/test/postgres";
import { startReplica, stateOf, type Replica } from "@/test/replica-processes";
import { until } from "@/test/until";
import { openStores } from "../store/open";

const NS = "team-a";
const CLUSTER = "crash";

describeWithPostgres("a remediation cut short by a crash", (server) => {
  it("is reconciled by the leader: done (its second step completed) or not done, matching the cluster", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-"));
    const kube = new KubeApiSim(testSimOptions({ name: CLUSTER }));
    const replicas: Replica[] = [];
    const db = await server().createDatabase();
    const stores = openStores(db.url);
    try {
      await kube.start();
      for (const ns of [NS, CONTROLLER_NAMESPACE]) kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      kube.store.put({ ...controllerDeployment({ version: "1.7.4", region: "eu-west-1", replicas: 1, deletionPolicy: "delete" }), status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1 } } as never);
      for (const name of ["keep-aws", "retire"]) kube.store.put(functionManifest(name, NS, { finalizers: [ACK_FUNCTION_FINALIZER] }) as never);
      const kubeconfig = path.join(dir, "kubeconfig");
      // alice may patch and delete Functions in team-a: local mode acts as the kubeconfig's user.
      writeKubeconfig(kubeconfig, [{ name: CLUSTER, url: kube.url, token: TOKENS.alice }]);
      const env = { KUBECONFIG: kubeconfig, ACK_FLEET_STORE: db.url, REPLICA_RECONCILE_GRACE_MS: "1000" };
      const object = (name: string) => kube.store.get(FN_RESOURCE, NS, name) as { metadata: { resourceVersion: string; deletionTimestamp?: string; annotations?: Record<string, string>; finalizers?: string[] } };
      const remediate = (r: Replica, name: string, action: string) =>
        fetch(`http://127.0.0.1:${r.port}/remediate`, {
          method: "POST",
          body: JSON.stringify({ target: { cluster: CLUSTER, namespace: NS, name }, body: { action, expectedResourceVersion: object(name).metadata.resourceVersion, confirm: name, reason: "crash test" } }),
        }).catch(() => null);
      const outcomeOf = async (name: string) => {
        const entries = await stores.audit.list({ cluster: CLUSTER, namespace: NS, name });
        const attempt = entries.find((e) => e.phase === "attempt");
        return attempt ? { attempt, outcomes: entries.filter((e) => e.phase === "outcome" && e.requestId === attempt.requestId) } : null;
      };

      const a = await startReplica("a", { ...env, REPLICA_PAUSE_AT: "between-steps" });
      replicas.push(a);
      await until("a leads and sees the Functions", async () => (await stateOf(a))?.recording && (await stateOf(a))?.rows === 2, 30_000);
      const b = await startReplica("b", env);
      replicas.push(b);
      await until("b sees the Functions", async () => (await stateOf(b))?.rows === 2, 30_000);
      await stores.ready();

      // retain-and-delete on a: the annotation is set, then a dies before the DELETE.
      void remediate(a, "keep-aws", "retain-and-delete");
      await until("a paused between the two steps", () => a.out.join("").includes("paused between-steps"), 20_000);
      expect(object("keep-aws").metadata.annotations?.[ANNOTATION.deletionPolicy]).toBe("retain");
      expect(object("keep-aws").metadata.deletionTimestamp).toBeUndefined();
      const killedAt = Date.now();
      a.child.kill("SIGKILL");
      const done = await until("b reconciles the attempt", async () => {
        const o = await outcomeOf("keep-aws");
        return o?.outcomes.length ? o : null;
      }, 30_000);
      console.log(`[reconcile] leader killed between the two steps of retain-and-delete: outcome appended by the new leader ${Date.now() - killedAt} ms later (grace 1 s)`);
      expect(done.outcomes).toHaveLength(1);
      expect(done.outcomes[0]).toMatchObject({ outcome: "succeeded", actor: done.attempt.actor, preconditions: expect.objectContaining({ reconciled: "done" }) });
      expect(done.outcomes[0].error).toMatch(/^reconciled: done/);
      // The cluster agrees: retain is set and the deletion is requested (the finalizer holds the object).
      expect(object("keep-aws").metadata.annotations?.[ANNOTATION.deletionPolicy]).toBe("retain");
      expect(object("keep-aws").metadata.deletionTimestamp).toBeTruthy();

      // request-deletion on c: the attempt is stored, c dies before anything is sent.
      const c = await startReplica("c", { ...env, REPLICA_PAUSE_AT: "after-attempt" });
      replicas.push(c);
      await until("c sees the Functions", async () => (await stateOf(c))?.rows === 2, 30_000);
      void remediate(c, "retire", "request-deletion");
      await until("c paused after the attempt", () => c.out.join("").includes("paused after-attempt"), 20_000);
      c.child.kill("SIGKILL");
      const notDone = await until("the leader reconciles it", async () => {
        const o = await outcomeOf("retire");
        return o?.outcomes.length ? o : null;
      }, 30_000);
      expect(notDone.outcomes).toHaveLength(1);
      expect(notDone.outcomes[0]).toMatchObject({ outcome: "failed", preconditions: expect.objectContaining({ reconciled: "not done" }) });
      expect(notDone.outcomes[0].error).toMatch(/^reconciled: not done/);
      expect(object("retire").metadata.deletionTimestamp).toBeUndefined();
      // Reconciled once: later sweeps find nothing left open.
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await outcomeOf("retire"))!.outcomes).toHaveLength(1);
      expect((await outcomeOf("keep-aws"))!.outcomes).toHaveLength(1);
    } finally {
      for (const r of replicas) r.child.kill("SIGKILL");
      await stores.close();
      await kube.stop();
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
