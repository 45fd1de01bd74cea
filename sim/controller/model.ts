/**
 * AckControllerModel: a model of the ACK Lambda controller that runs against any Kubernetes
 * API server and any Lambda endpoint. It watches Functions, reconciles them through a work
 * queue (reconcile.ts), and stops while its Deployment in ack-system has 0 replicas, like a
 * controller whose pod is gone.
 */
import { makeInformer, type Informer, type KubeConfig, type KubernetesListObject, type KubernetesObject, type ObjectCache, type V1Deployment } from "@kubernetes/client-node";
import { ACK_GROUP, ACK_VERSION, CONDITION, CONTROLLER_NAMESPACE, FUNCTION_PLURAL } from "@/lib/domain/ack";
import type { ControllerTiming, ReconcileContext } from "./context";
import { CONTROLLER_DEPLOYMENT_NAME, CONTROLLER_LABEL_SELECTOR, ensureControllerDeployment, reportReplicas } from "./deployment";
import { describeKubeError, KubeIO, type EventInput } from "./kube-io";
import { LambdaOps, type LambdaEndpointConfig } from "./lambda-ops";
import { WorkQueue } from "./queue";
import { reconcileFunction } from "./reconcile";
import type { FunctionObject } from "./types";
import { versionGates, type VersionGates } from "./versions";

export interface AckControllerModelOptions {
  kubeConfig: KubeConfig;
  lambda: LambdaEndpointConfig;
  /** Controller release, e.g. "1.7.3" (Pending bug) or "1.14.1". */
  version: string;
  defaultRegion: string;
  defaultAccountId: string;
  /** The controller's --deletion-policy (default delete). */
  deletionPolicy?: "delete" | "retain";
  /** Requeue of synced Functions; real default 10 h, short in tests. */
  resyncMs?: number;
  /** Requeue while not synced / Pending; real 30 s. */
  requeueMs?: number;
  /** Requeue while waiting for a delete (v1.12.0+); real 5 s. */
  deletingRequeueMs?: number;
  errorBackoffMs?: number;
  maxErrorBackoffMs?: number;
  /** Concurrent reconciles (runtime default 1). */
  concurrency?: number;
  /** Create/update the Deployment in ack-system on start and report its ready replicas (default true). */
  manageDeployment?: boolean;
  deploymentName?: string;
  /**
   * What to reconcile when the model starts: "all" like a restarted controller (default), or
   * "pending-work" like one that has been running for a while: Synced Functions wait for their
   * resync, Terminal ones for a spec change, the rest run at once (seeded demo fleets).
   */
  initialSync?: "all" | "pending-work";
  /** core/v1 Events on transitions (default true). Real ACK controllers emit none (community#2510). */
  recordEvents?: boolean;
  now?: () => number;
  log?: (line: string) => void;
}

/** Custom objects come back as raw JSON (timestamps are strings), hence the casts to FunctionObject. */
type FunctionInformer = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
const asFunction = (o: KubernetesObject) => o as unknown as FunctionObject;

const keyOf = (fn: { metadata: { namespace?: string; name?: string } }) => `${fn.metadata.namespace}/${fn.metadata.name}`;

export class AckControllerModel {
  readonly gates: VersionGates;
  private readonly kube: KubeIO;
  private readonly lambdaOps: LambdaOps;
  private readonly queue: WorkQueue;
  private readonly ctx: ReconcileContext;
  private readonly timing: ControllerTiming;
  private fnInformer?: FunctionInformer;
  private deployInformer?: Informer<V1Deployment> & ObjectCache<V1Deployment>;
  private readonly seen = new Map<string, { generation?: number; deleting: boolean }>();
  private readonly lastEvent = new Map<string, string>();
  /** The last error logged per key: a Function failing the same way on every retry is logged once. */
  private readonly lastError = new Map<string, string>();
  private initialListing = false;
  private started = false;
  private stopped = false;
  private replicas: number | null = null;
  private restartTimers = new Set<NodeJS.Timeout>();
  /** Reconciles run so far, for tests and benchmarks. */
  reconciles = 0;

  constructor(private readonly opts: AckControllerModelOptions) {
    this.gates = versionGates(opts.version);
    this.kube = new KubeIO(opts.kubeConfig);
    this.lambdaOps = new LambdaOps(opts.lambda);
    this.timing = {
      resyncMs: opts.resyncMs ?? 10 * 3600_000,
      requeueMs: opts.requeueMs ?? 30_000,
      deletingRequeueMs: opts.deletingRequeueMs ?? 5_000,
    };
    const now = opts.now ?? Date.now;
    this.ctx = {
      kube: this.kube,
      lambda: this.lambdaOps,
      gates: this.gates,
      defaults: { region: opts.defaultRegion, accountId: opts.defaultAccountId, deletionPolicy: opts.deletionPolicy ?? "delete" },
      timing: this.timing,
      now,
      emit: (fn, ev) => this.emit(fn, ev),
    };
    this.queue = new WorkQueue(
      { concurrency: opts.concurrency ?? 4, errorBackoffMs: opts.errorBackoffMs ?? 1_000, maxErrorBackoffMs: opts.maxErrorBackoffMs ?? 60_000 },
      (key) => this.work(key),
    );
  }

  /** False while the Deployment is scaled to 0 (or missing): nothing is reconciled. */
  get running(): boolean {
    return this.started && !this.stopped && (this.replicas ?? 0) > 0;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("controller model already started");
    this.started = true;
    if (this.opts.manageDeployment ?? true) {
      await ensureControllerDeployment(this.kube, {
        version: this.gates.version,
        region: this.opts.defaultRegion,
        replicas: 1,
        deletionPolicy: this.opts.deletionPolicy ?? "delete",
        name: this.opts.deploymentName,
      });
    }
    this.queue.pause();
    await this.startDeploymentInformer();
    await this.startFunctionInformer();
    // The initial list already queued what this start reconciles (see initialSync).
    this.replicas = this.currentReplicas();
    if (this.running) this.queue.resume();
    else this.log("deployment has 0 replicas: not reconciling");
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.restartTimers) clearTimeout(t);
    this.restartTimers.clear();
    await Promise.allSettled([this.fnInformer?.stop(), this.deployInformer?.stop()]);
    await this.queue.stop();
    this.lambdaOps.destroy();
  }

  /** Resolves when no reconcile is queued or running (delayed requeues excluded). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Asks for a reconcile now, like a spec change would. */
  enqueue(namespace: string, name: string): void {
    this.queue.add(`${namespace}/${name}`);
  }

  private log(line: string): void {
    this.opts.log?.(`[ack-lambda-controller ${this.gates.version}] ${line}`);
  }

  private async work(key: string): Promise<number | null | "error"> {
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    this.reconciles++;
    try {
      const result = await reconcileFunction(this.ctx, namespace, name);
      if (result.kind === "error") return this.failedOnce(key, result.message);
      this.lastError.delete(key);
      return result.requeueAfterMs;
    } catch (err) {
      return this.failedOnce(key, describeKubeError(err));
    }
  }

  private failedOnce(key: string, message: string): "error" {
    if (this.lastError.get(key) !== message) this.log(`${key}: ${message} (retrying with backoff)`);
    this.lastError.set(key, message);
    return "error";
  }

  private emit(fn: FunctionObject, ev: EventInput): void {
    if (this.opts.recordEvents === false) return;
    const id = fn.metadata.uid ?? keyOf(fn);
    const sig = `${ev.reason}\u0000${ev.message}`;
    if (this.lastEvent.get(id) === sig) return;
    this.lastEvent.set(id, sig);
    this.kube.recordEvent(fn, ev, "ack-lambda-controller", this.ctx.now()).catch((err) => this.log(`event for ${keyOf(fn)}: ${describeKubeError(err)}`));
  }

  // --- Deployment: the controller is "down" while it has 0 replicas -------------------------

  private currentReplicas(): number {
    const name = this.opts.deploymentName ?? CONTROLLER_DEPLOYMENT_NAME;
    const d = this.deployInformer?.get(name, CONTROLLER_NAMESPACE);
    return d ? (d.spec?.replicas ?? 1) : 0;
  }

  private applyReplicas(replicas: number): void {
    const wasRunning = this.running;
    this.replicas = replicas;
    if (this.running && !wasRunning) {
      this.log(`running (${replicas} replica(s))`);
      // A controller pod that starts lists everything and reconciles it.
      for (const o of this.fnInformer?.list() ?? []) this.queue.add(keyOf(asFunction(o)));
      this.queue.resume();
    } else if (!this.running && wasRunning) {
      this.log("scaled to 0: not reconciling");
      this.queue.pause();
    }
  }

  private async startDeploymentInformer(): Promise<void> {
    const path = `/apis/apps/v1/namespaces/${CONTROLLER_NAMESPACE}/deployments`;
    const informer = makeInformer<V1Deployment>(
      this.opts.kubeConfig,
      path,
      () => this.kube.apps.listNamespacedDeployment({ namespace: CONTROLLER_NAMESPACE, labelSelector: CONTROLLER_LABEL_SELECTOR }),
      CONTROLLER_LABEL_SELECTOR,
    );
    const onChange = (d: V1Deployment) => {
      if (d.metadata?.name !== (this.opts.deploymentName ?? CONTROLLER_DEPLOYMENT_NAME)) return;
      if (this.opts.manageDeployment ?? true) reportReplicas(this.kube, d).catch((err) => this.log(`deployment status: ${describeKubeError(err)}`));
      if (!this.initialListing) this.applyReplicas(this.currentReplicas());
    };
    informer.on("add", onChange);
    informer.on("update", onChange);
    informer.on("delete", () => this.applyReplicas(this.currentReplicas()));
    this.keepAlive(informer, "deployments");
    this.deployInformer = informer;
    this.initialListing = true;
    try {
      await informer.start();
    } finally {
      this.initialListing = false;
    }
  }

  // --- Functions: reconcile on create, on generation change, on deletion ---------------------

  private async startFunctionInformer(): Promise<void> {
    const path = `/apis/${ACK_GROUP}/${ACK_VERSION}/${FUNCTION_PLURAL}`;
    const list = () => this.kube.listFunctions() as unknown as Promise<KubernetesListObject<KubernetesObject>>;
    const informer: FunctionInformer = makeInformer<KubernetesObject>(this.opts.kubeConfig, path, list);
    informer.on("add", (o) => this.onFunction(asFunction(o), true));
    informer.on("update", (o) => this.onFunction(asFunction(o), false));
    informer.on("delete", (o) => {
      const fn = asFunction(o);
      const key = keyOf(fn);
      this.seen.delete(key);
      this.lastError.delete(key);
      this.lastEvent.delete(fn.metadata.uid ?? key);
      this.queue.forget(key);
    });
    this.keepAlive(informer, "functions");
    this.fnInformer = informer;
    this.initialListing = true;
    try {
      await informer.start();
    } finally {
      this.initialListing = false;
    }
  }

  private onFunction(fn: FunctionObject, added: boolean): void {
    const key = keyOf(fn);
    const before = this.seen.get(key);
    const deleting = Boolean(fn.metadata.deletionTimestamp);
    this.seen.set(key, { generation: fn.metadata.generation, deleting });
    if (added && this.initialListing && (this.opts.initialSync ?? "all") === "pending-work" && !deleting) {
      const conditions = fn.status?.conditions ?? [];
      const isTrue = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
      if (isTrue(CONDITION.terminal)) return;
      if (isTrue(CONDITION.synced)) return this.queue.addAfter(key, this.timing.resyncMs);
    }
    // GenerationChangedPredicate: status writes and annotation-only edits do not reconcile.
    // A new deletionTimestamp bumps the generation on a real server; checked too in case a server does not.
    if (added || !before || before.generation !== fn.metadata.generation || (deleting && !before.deleting)) {
      this.queue.add(key);
    }
  }

  /** Informers stop on errors (server gone, 5xx): restart them with a delay until stop(). */
  private keepAlive(informer: { on(verb: "error", cb: (err?: unknown) => void): void; start(): Promise<void> }, what: string): void {
    informer.on("error", (err?: unknown) => {
      if (this.stopped) return;
      this.log(`watch ${what} failed: ${describeKubeError(err)}; retrying`);
      const t = setTimeout(() => {
        this.restartTimers.delete(t);
        if (!this.stopped) informer.start().catch(() => undefined);
      }, 1_000);
      this.restartTimers.add(t);
    });
  }
}
