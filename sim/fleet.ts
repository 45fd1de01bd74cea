/**
 * The simulated fleet: one KubeApiSim per cluster, one LambdaApiSim for every account and
 * region, a controller model per cluster, seeded from a scenario, with kubeconfigs for the
 * dashboard, operator, viewer and admin identities. Used by `npm run sim`, the demo, the
 * integration tests and the e2e suite. Everything listens on 127.0.0.1.
 */
import { join } from "node:path";
import type { AckControllerModel } from "./controller/model";
import { kubeconfigYaml, writeKubeconfig } from "./kube/kubeconfig";
import { KubeApiSim } from "./kube/server";
import { LambdaApiSim } from "./lambda/server";
import { seedCluster, seedLambda } from "./scenarios/apply";
import { CLUSTERS } from "./scenarios/catalog";
import { buildDemoPlan, DEFAULT_SEED } from "./scenarios/demo";
import { fleetPolicy, makeTokens, tokenTable, type FleetTokens } from "./scenarios/identities";
import { buildLargePlan } from "./scenarios/large";
import type { ClusterPlan, FleetPlan } from "./scenarios/types";

export type FleetScenario = "demo" | "empty" | { large: number };

export interface FleetTiming {
  /** Controller requeue of synced Functions (real default 10 h; drift stays visible until then). */
  resyncMs?: number;
  /** Controller requeue while not synced or Pending (real 30 s). */
  requeueMs?: number;
  deletingRequeueMs?: number;
  /** How long a new function stays Pending in the Lambda sim. */
  lambdaPendingMs?: number;
  /** How long DeleteFunction keeps a function in Deleting. */
  lambdaDeletingMs?: number;
}

export interface SimFleetOptions {
  seed?: number;
  /** Where kubeconfigs are written. */
  dir: string;
  scenario?: FleetScenario;
  /** Default: true, except for large fleets. */
  runControllers?: boolean;
  now?: () => number;
  /** Clusters listen on clusterBasePort, +1, +2; 0 or absent: ephemeral ports. */
  clusterBasePort?: number;
  lambdaPort?: number;
  /** HTTPS with a self-signed CA in the kubeconfig (kubectl sends tokens only over TLS). Default true. */
  tls?: boolean;
  timing?: FleetTiming;
  log?: (line: string) => void;
}

export interface SimCluster {
  name: string;
  kube: KubeApiSim;
  controller?: AckControllerModel;
  controllerVersion: string;
  defaultRegion: string;
  defaultAccountId: string;
}

export interface SimFleet {
  clusters: SimCluster[];
  lambda: LambdaApiSim;
  /** Contexts (one per cluster) for the dashboard identity. */
  kubeconfigPath: string;
  operatorKubeconfigPath?: string;
  viewerKubeconfigPath: string;
  /** system:masters: for people poking at the sim with kubectl. */
  adminKubeconfigPath: string;
  tokens: FleetTokens;
  aws: { endpoint: string; credentials: Record<string, { accessKeyId: string; secretAccessKey: string }> };
  /** What was seeded: intents, notes and objects per cluster. */
  plan: FleetPlan;
  stopCluster(name: string): Promise<void>;
  startCluster(name: string): Promise<void>;
  stop(): Promise<void>;
}

const DEMO_TIMING: Required<FleetTiming> = {
  resyncMs: 30 * 60_000,
  requeueMs: 10_000,
  deletingRequeueMs: 5_000,
  lambdaPendingMs: 45_000,
  lambdaDeletingMs: 3_000,
};

function planFor(scenario: FleetScenario, seed: number, now: number): FleetPlan {
  if (scenario === "demo") return buildDemoPlan({ seed, now });
  if (scenario === "empty") {
    const plan = buildDemoPlan({ seed, now });
    return { ...plan, clusters: plan.clusters.map((c) => ({ ...c, functions: [] })) };
  }
  return buildLargePlan({ count: scenario.large, seed, now });
}

export async function startSimFleet(opts: SimFleetOptions): Promise<SimFleet> {
  const scenario = opts.scenario ?? "demo";
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? Date.now;
  const timing = { ...DEMO_TIMING, ...(opts.timing ?? {}) };
  const runControllers = opts.runControllers ?? typeof scenario !== "object";
  const plan = planFor(scenario, seed, now());
  const tokens = makeTokens();
  const log = opts.log ?? (() => undefined);

  const credentials = Object.fromEntries(plan.accounts.map((a) => [a.accountId, { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }]));
  const lambda = new LambdaApiSim({
    port: opts.lambdaPort ?? 0,
    accounts: Object.fromEntries(plan.accounts.map((a) => [a.accessKeyId, a.accountId])),
    defaultPendingMs: timing.lambdaPendingMs,
    defaultDeletingMs: timing.lambdaDeletingMs,
    now,
  });
  seedLambda(lambda, plan);

  const clusters: SimCluster[] = plan.clusters.map((c, i) => ({
    name: c.name,
    kube: new KubeApiSim({
      name: c.name,
      port: opts.clusterBasePort ? opts.clusterBasePort + i : 0,
      tokens: tokenTable(tokens),
      policy: fleetPolicy(),
      tls: opts.tls ?? true,
      bookmarkIntervalMs: 30_000,
    }),
    controllerVersion: c.controllerVersion,
    defaultRegion: c.defaultRegion,
    defaultAccountId: c.defaultAccountId,
  }));
  plan.clusters.forEach((c, i) => seedCluster(clusters[i].kube, c));

  const entry = (c: SimCluster, token: string, who: string) => ({ name: c.name, url: c.kube.url, token, user: `${c.name}-${who}`, caPem: c.kube.caPem });
  // Loaded only when controllers run: @kubernetes/client-node alone takes seconds to load, and
  // large fleets (benchmarks) run without controllers.
  const makeController = async (c: SimCluster, cp: ClusterPlan) => {
    const [{ KubeConfig }, { AckControllerModel }] = await Promise.all([import("@kubernetes/client-node"), import("./controller/model")]);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(kubeconfigYaml([entry(c, tokens.controller, "controller")]));
    return new AckControllerModel({
      kubeConfig,
      lambda: { endpoint: lambda.url, credentials },
      version: cp.controllerVersion,
      defaultRegion: cp.defaultRegion,
      defaultAccountId: cp.defaultAccountId,
      resyncMs: timing.resyncMs,
      requeueMs: timing.requeueMs,
      deletingRequeueMs: timing.deletingRequeueMs,
      initialSync: "pending-work",
      now,
      log: (line) => log(`[${c.name}] ${line}`),
    });
  };

  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    await lambda.start();
    started.push(lambda);
    for (const c of clusters) {
      await c.kube.start();
      started.push(c.kube);
    }
    if (runControllers) {
      for (const [i, c] of clusters.entries()) {
        c.controller = await makeController(c, plan.clusters[i]);
        await c.controller.start();
      }
    }
  } catch (err) {
    for (const c of clusters) await c.controller?.stop().catch(() => undefined);
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    throw err;
  }

  const paths = {
    dashboard: join(opts.dir, "kubeconfig"),
    operator: join(opts.dir, "operator.kubeconfig"),
    viewer: join(opts.dir, "viewer.kubeconfig"),
    admin: join(opts.dir, "admin.kubeconfig"),
  };
  const writeAll = () => {
    writeKubeconfig(paths.dashboard, clusters.map((c) => entry(c, tokens.dashboard, "dashboard")));
    writeKubeconfig(paths.operator, clusters.map((c) => entry(c, tokens.operator, "operator")));
    writeKubeconfig(paths.viewer, clusters.map((c) => entry(c, tokens.viewer, "viewer")));
    writeKubeconfig(paths.admin, clusters.map((c) => entry(c, tokens.admin, "admin")));
  };
  writeAll();

  const find = (name: string) => {
    const i = clusters.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`no simulated cluster named ${JSON.stringify(name)} (have: ${clusters.map((c) => c.name).join(", ")})`);
    return { c: clusters[i], cp: plan.clusters[i] };
  };

  let stopped = false;
  return {
    clusters,
    lambda,
    kubeconfigPath: paths.dashboard,
    operatorKubeconfigPath: paths.operator,
    viewerKubeconfigPath: paths.viewer,
    adminKubeconfigPath: paths.admin,
    tokens: { dashboard: tokens.dashboard, operator: tokens.operator, viewer: tokens.viewer, admin: tokens.admin },
    aws: { endpoint: lambda.url, credentials },
    plan,
    async stopCluster(name) {
      const { c } = find(name);
      await c.controller?.stop();
      c.controller = undefined;
      await c.kube.stop();
    },
    async startCluster(name) {
      const { c, cp } = find(name);
      await c.kube.start(); // same port and store: data survives the outage
      if (runControllers && !c.controller) {
        c.controller = await makeController(c, cp);
        await c.controller.start();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.allSettled(clusters.map((c) => c.controller?.stop()));
      await Promise.allSettled(clusters.map((c) => c.kube.stop()));
      await lambda.stop();
    },
  };
}

export { CLUSTERS, DEFAULT_SEED };
