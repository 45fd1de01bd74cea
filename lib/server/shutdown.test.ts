/**
 * SIGTERM, as the kubelet sends it, to a real server process (test/server-process.ts) while a
 * Function changes every few milliseconds: the process drains (readiness fails, the live stream
 * ends with a retry hint, the HTTP listener closes: a new connection is refused while a request
 * in flight still finishes), flushes the timeline recorder, closes the store and exits 0 within
 * 10 s; every change it observed before it stopped is in the store, none lost.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { openStores } from "./store/open";
import { until } from "@/test/until";

const ROOT = path.resolve(__dirname, "../..");
const NS = "team-a";
let kube: KubeApiSim;
let dir: string;

function put(i: number): void {
  const m = functionManifest("busy", NS);
  const status = i % 2 === 0 ? "True" : "False";
  kube.store.put({
    ...m,
    status: { conditions: [{ type: "ACK.ResourceSynced", status, message: `change ${i}`, lastTransitionTime: new Date(Date.now() - 1000 + i).toISOString() }] },
  } as never);
}

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "home" }));
  await kube.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  put(0);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shutdown-"));
  writeKubeconfig(path.join(dir, "kubeconfig"), [{ name: "home", url: kube.url, token: TOKENS.dashboard }]);
});

afterAll(async () => {
  await kube.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** "connected", or the error code of a TCP connection to the port on loopback. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe("SIGTERM", () => {
  it("drains, flushes the timeline, closes the store and exits 0 within 10 s, losing no observed change", async () => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "test", "server-process.ts")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: dir, KUBECONFIG: path.join(dir, "kubeconfig"), ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`, ACK_FLEET_LOG_FORMAT: "json", NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let load: NodeJS.Timeout | undefined;
    try {
      const port = await until("the server listening", () => /listening (\d+)/.exec(out)?.[1], 60_000);
      const base = `http://127.0.0.1:${port}`;
      await until("ready", async () => (await fetch(`${base}/api/readyz`)).status === 200, 30_000);

      const streamed = { text: "", ended: false };
      void fetch(`${base}/api/stream`).then(async (res) => {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) streamed.text += Buffer.from(chunk).toString();
        streamed.ended = true;
      });
      await until("the stream open", () => streamed.text.includes("event: hello"));

      let i = 0;
      load = setInterval(() => put(++i), 5);
      await until("changes observed", () => (out.match(/^observed /gm)?.length ?? 0) > 40, 20_000);
      // A request in flight when SIGTERM comes: it finishes, while new connections are refused.
      const inFlight = fetch(`${base}/api/slow`).then(async (r) => ({ status: r.status, body: await r.text() }));
      await new Promise((r) => setTimeout(r, 200));
      const sentAt = Date.now();
      child.kill("SIGTERM");
      await until("draining", () => out.includes("[shutdown] SIGTERM: draining"), 5_000);
      await new Promise((r) => setTimeout(r, 100));
      // The slow request keeps the process running for about a second more: long enough to try.
      const connectAfter = await connectOutcome(Number(port));
      const aliveWhenRefused = child.exitCode === null;
      const code = await exited;
      const tookMs = Date.now() - sentAt;
      clearInterval(load);

      expect(code, out.slice(-2000)).toBe(0);
      expect(tookMs).toBeLessThan(10_000);
      // Stopped accepting while still running: a new connection is refused; the one in flight finished.
      expect(aliveWhenRefused).toBe(true);
      expect(connectAfter).toBe("ECONNREFUSED");
      expect(await inFlight).toEqual({ status: 200, body: '{"finished":true}' });
      await until("the stream ended", () => streamed.ended, 5_000);
      expect(streamed.text.trimEnd().endsWith("retry: 1000")).toBe(true);

      // Every resourceVersion the process saw change the condition is a recorded entry.
      const observed = new Set([...out.matchAll(/^observed home\/team-a\/busy (\S+)$/gm)].map((m) => m[1]));
      const stores = openStores(`sqlite:${path.join(dir, "history.db")}`);
      try {
        const { entries } = await stores.timeline.timeline({ cluster: "home", namespace: NS, name: "busy", limit: 100_000 });
        const messages = new Set(entries.filter((e) => e.lane === "conditions" || e.kind.startsWith("condition")).map((e) => e.message));
        const changes = [...observed].length;
        expect(changes).toBeGreaterThan(40);
        // One entry per observed change (each flips ACK.ResourceSynced); the first one is its appearance.
        expect(messages.size, `observed ${changes} changes, recorded ${messages.size}`).toBeGreaterThanOrEqual(changes);
      } finally {
        stores.close();
      }
      const lines = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg: string });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^\[shutdown\] SIGTERM: draining/), expect.stringMatching(/^\[shutdown\] done in \d+ ms/)]));
    } finally {
      clearInterval(load);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);
});
