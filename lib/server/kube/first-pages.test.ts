/**
 * A cluster's first list pages asked before its connection exists (at boot, while the rest of
 * the app loads): the connection's watchers take them for their first list instead of asking
 * again, and every Function is listed from them and the pages after.
 */
import dc from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { TOKENS, functionManifest, kubeConfigFor, testSimOptions } from "@/sim/kube/testkit";
import { until } from "@/test/until";
import { ClusterConnection, type ClusterListener } from "./cluster";
import { CLUSTER_LISTS, FirstPages } from "./first-pages";

const FUNCTIONS = 1_200; // three pages of 500

let kube: KubeApiSim;
const asked: string[] = [];
const onRequest = ({ request }: { request: ClientRequest }) => asked.push(request.path);

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "early" }));
  await kube.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", annotations: { "services.k8s.aws/region": "eu-west-1" } } });
  for (let i = 0; i < FUNCTIONS; i++) kube.store.put(functionManifest(`fn-${i}`, "team-a") as never);
  dc.subscribe("http.client.request.start", onRequest as (m: unknown) => void);
});

afterAll(async () => {
  dc.unsubscribe("http.client.request.start", onRequest as (m: unknown) => void);
  await kube.stop();
});

function recordingListener() {
  const seen = { pages: [] as number[], listed: 0, namespaceListsBeforeFirstPage: -1, namespaceLists: 0 };
  const listener: ClusterListener = {
    functionChanged: () => {},
    functionsPage: (_c, objs) => {
      if (seen.pages.length === 0) seen.namespaceListsBeforeFirstPage = seen.namespaceLists;
      seen.pages.push(objs.length);
    },
    functionsListed: () => void seen.listed++,
    namespacesChanged: (_c, ns) => void (ns === null && seen.namespaceLists++),
    clusterChanged: () => {},
  };
  return { seen, listener };
}

const firstPagesAsked = (path: string) => asked.filter((p) => p.startsWith(`${path}?`) && p.includes("limit=500") && !p.includes("continue=") && !p.includes("watch=")).length;

describe("first list pages asked before the cluster connection", () => {
  it("are taken by the connection's first lists, not asked again", async () => {
    asked.length = 0;
    const kc = kubeConfigFor(kube, TOKENS.dashboard);
    const firstPages = FirstPages.ask([{ name: "early", kc }]);
    // Both answers are in before the connection is made, as when the app loads slowly.
    await until("both first pages asked", () => firstPagesAsked(CLUSTER_LISTS.functions) === 1 && firstPagesAsked(CLUSTER_LISTS.namespaces) === 1);
    await new Promise((r) => setTimeout(r, 200));
    const { seen, listener } = recordingListener();
    const conn = new ClusterConnection({ name: "early", kc, server: kube.url, user: "u" }, listener, { firstPages });
    conn.start();
    try {
      await until("the first list", () => seen.listed === 1 && conn.state.connected, 10_000);
      expect(seen.pages.reduce((a, b) => a + b, 0)).toBe(FUNCTIONS);
      expect(firstPagesAsked(CLUSTER_LISTS.functions)).toBe(1);
      expect(firstPagesAsked(CLUSTER_LISTS.namespaces)).toBe(1);
      // The namespaces' annotations were known when the first Functions were read.
      expect(seen.namespaceListsBeforeFirstPage).toBe(1);
      // Taken once: a later list asks for its own.
      expect(firstPages.take("early", "functions")).toBeUndefined();
    } finally {
      conn.stop();
    }
  });

  it("ask the controller's Deployments too: the controller is known when the first Function page is read", async () => {
    asked.length = 0;
    const kc = kubeConfigFor(kube, TOKENS.dashboard);
    const firstPages = FirstPages.ask([{ name: "early", kc }], []);
    const deployments = () => asked.filter((p) => p.startsWith("/apis/apps/v1/deployments")).length;
    await until("the first pages and the Deployments asked", () => firstPagesAsked(CLUSTER_LISTS.functions) === 1 && deployments() === 1);
    await new Promise((r) => setTimeout(r, 200));
    const controllerAtPages: unknown[] = [];
    const changes: string[] = [];
    let listed = 0;
    let conn: ClusterConnection | null = null;
    const listener: ClusterListener = {
      functionChanged: () => {},
      functionsPage: () => void controllerAtPages.push(conn?.controller ?? null),
      functionsListed: () => void listed++,
      namespacesChanged: () => {},
      clusterChanged: (_c, what) => void changes.push(`${what}${what === "controller" ? ` after ${controllerAtPages.length} pages` : ""}`),
    };
    conn = new ClusterConnection({ name: "early", kc, server: kube.url, user: "u" }, listener, { firstPages });
    conn.start();
    try {
      await until("the first list", () => listed === 1 && conn.state.connected, 10_000);
      // No controller runs in this cluster: "not found" from the first page on, never "unknown".
      expect(controllerAtPages).toHaveLength(3);
      for (const c of controllerAtPages) expect(c).toMatchObject({ found: false });
      expect(changes.filter((c) => c.startsWith("controller"))).toEqual(["controller after 0 pages"]);
      // Taken, not asked again.
      expect(deployments()).toBe(1);
    } finally {
      conn.stop();
    }
  });

  it("a first page that failed is the first list's failure: the watcher asks again and lists", async () => {
    const kc = kubeConfigFor(kube, TOKENS.dashboard);
    await kube.stop();
    const firstPages = FirstPages.ask([{ name: "early", kc }]);
    const { seen, listener } = recordingListener();
    const conn = new ClusterConnection({ name: "early", kc, server: kube.url, user: "u" }, listener, { firstPages });
    conn.start();
    try {
      await until("the first list failed", () => conn.state.error !== null && conn.state.error !== "connecting", 5_000);
      await kube.start();
      await until("the list after the retry", () => seen.listed === 1, 15_000);
      expect(seen.pages.reduce((a, b) => a + b, 0)).toBe(FUNCTIONS);
    } finally {
      conn.stop();
    }
  }, 20_000);
});
