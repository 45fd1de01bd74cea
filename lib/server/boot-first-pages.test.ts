/**
 * The server process's start asks each cluster's first Function page before the app's modules
 * are loaded (lib/server/boot.ts): the API server answers while the process loads the app, and
 * the app's watchers take that page rather than asking again. In process: the app's module is
 * replaced by one that first waits (a bounded while) for that request to have been sent.
 */
import dc from "node:diagnostics_channel";
import fs from "node:fs";
import type { ClientRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { until } from "@/test/until";
import { CLUSTER_LISTS } from "./kube/first-pages";

const FUNCTIONS = 700;
const asked: string[] = [];
const onRequest = ({ request }: { request: ClientRequest }) => asked.push(request.path);
const firstFunctionPages = () => asked.filter((p) => p.startsWith(`${CLUSTER_LISTS.functions}?`) && p.includes("limit=") && !p.includes("continue=") && !p.includes("watch=")).length;
/** How many first Function pages had been asked when the app's module began to load. */
let askedWhenAppLoaded: number | null = null;

vi.mock("./app", async (importOriginal) => {
  const deadline = Date.now() + 5_000;
  while (firstFunctionPages() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  askedWhenAppLoaded = firstFunctionPages();
  return importOriginal();
});

let kube: KubeApiSim;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  dc.subscribe("http.client.request.start", onRequest as (m: unknown) => void);
  kube = new KubeApiSim(testSimOptions({ name: "boot-early" }));
  await kube.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  for (let i = 0; i < FUNCTIONS; i++) kube.store.put(functionManifest(`fn-${i}`, "team-a") as never);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "boot-first-pages-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  writeKubeconfig(kubeconfig, [{ name: "boot-early", url: kube.url, token: TOKENS.dashboard }]);
  Object.assign(process.env, {
    KUBECONFIG: kubeconfig,
    ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
    // No AWS here: the reads that start after the first lists fail fast against a closed port.
    ACK_FLEET_AWS_ENDPOINT: "http://127.0.0.1:1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "not-a-secret",
  });
});

afterAll(async () => {
  dc.unsubscribe("http.client.request.start", onRequest as (m: unknown) => void);
  await kube.stop();
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the server process's start", () => {
  it("asks the first Function page before the app's modules load, and the app lists from it", async () => {
    const { bootServer } = await import("./boot");
    const app = await bootServer({ log: () => {}, exit: (code) => { throw new Error(`exit ${code}`); } });
    try {
      expect(askedWhenAppLoaded).toBe(1);
      await until("every Function listed", () => app.fleet.index.size === FUNCTIONS && app.fleet.clusters.get("boot-early")?.state.connected, 15_000);
      // The app's watcher took the page asked at boot: one first page in all.
      expect(firstFunctionPages()).toBe(1);
    } finally {
      await app.stop();
    }
  }, 30_000);
});
