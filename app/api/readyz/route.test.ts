/**
 * The kubelet's probes through their route handlers, with the app of a real process's start:
 * liveness answers while the process serves, whatever else; readiness waits for the first list
 * of every configured cluster (or ACK_FLEET_READY_TIMEOUT, then serves and logs the cluster it
 * lacks), and is withdrawn while stopping. Neither body says more than up/ready.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerApp, type ServerApp } from "@/lib/server/app";
import { parseConfig } from "@/lib/server/config";
import { installServerApp } from "@/lib/server/holder";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, testSimOptions } from "@/sim/kube/testkit";
import { until } from "@/test/until";
import { GET as livez } from "../livez/route";
import { GET as readyz } from "./route";

let kube: KubeApiSim;
let dir: string;
const probe = async (fn: () => Response) => {
  const res = fn();
  return { status: res.status, body: (await res.json()) as unknown };
};

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "home" }));
  await kube.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "probes-"));
});

afterAll(async () => {
  installServerApp(null);
  await kube.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function app(name: string, clusters: Array<{ name: string; url: string }>, env: Record<string, string> = {}, log: string[] = []): ServerApp {
  const kubeconfig = path.join(dir, `${name}.kubeconfig`);
  writeKubeconfig(kubeconfig, clusters.map((c) => ({ ...c, token: TOKENS.dashboard })));
  const config = parseConfig({ KUBECONFIG: kubeconfig, ACK_FLEET_STORE: `sqlite:${path.join(dir, `${name}.db`)}`, ...env });
  return createServerApp(config, { roles: { readAws: false }, log: (l) => log.push(l) });
}

describe("GET /api/livez", () => {
  it("answers 200 with nothing but ok, even before the app is installed", async () => {
    installServerApp(null);
    expect(await probe(livez)).toEqual({ status: 200, body: { status: "ok" } });
  });
});

describe("GET /api/readyz", () => {
  it("is not ready before start, ready once the cluster is listed, and not ready again while stopping", async () => {
    installServerApp(null);
    expect(await probe(readyz)).toEqual({ status: 503, body: { status: "not ready" } });
    const a = app("one", [{ name: "home", url: kube.url }]);
    installServerApp(a);
    expect((await probe(readyz)).status).toBe(503);
    await a.start();
    await until("ready", async () => ((await probe(readyz)).status === 200 ? true : null));
    expect((await probe(readyz)).body).toEqual({ status: "ready" });
    await a.stop();
    expect(await probe(readyz)).toEqual({ status: 503, body: { status: "not ready" } });
  });

  it("waits for a cluster that cannot be listed until the timeout, then serves and logs which one it lacks", async () => {
    const log: string[] = [];
    const a = app("two", [{ name: "home", url: kube.url }, { name: "gone", url: "http://127.0.0.1:1" }], { ACK_FLEET_READY_TIMEOUT: "2s" }, log);
    installServerApp(a);
    try {
      await a.start();
      await until("home listed", () => a.fleet.clusters.get("home")?.state.lastSyncAt ?? null);
      const early = await probe(readyz);
      expect(early).toEqual({ status: 503, body: { status: "not ready" } });
      expect(log.some((l) => l.includes("not ready: waiting for the first list of gone"))).toBe(true);
      await until("ready after the timeout", async () => ((await probe(readyz)).status === 200 ? true : null), 10_000);
      expect(JSON.stringify((await probe(readyz)).body)).not.toContain("gone");
      expect(log.some((l) => /\[ready\] ready: serving without a first list of gone/.test(l))).toBe(true);
    } finally {
      await a.stop();
    }
  });
});
