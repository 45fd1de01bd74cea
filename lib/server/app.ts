import "server-only";
import os from "node:os";
import { conditionsSeenOf } from "@/lib/domain/timeline/observe";
import { SdkLambdaDeleteApi, type LambdaDeleteApi } from "./aws/delete";
import { SdkLambdaReadApi, loadCredentialsFile, type LambdaReadApi } from "./aws/lambda-api";
import { listReviewOn } from "./auth/reader";
import { FunctionVisibility } from "./auth/visibility";
import { parseAccountRoles } from "./aws/assume-role";
import { AwsStateReader } from "./aws/reader";
import type { ServerConfig } from "./config";
import { version as DASHBOARD_VERSION } from "@/package.json";
import { Fleet } from "./fleet/fleet";
import { loadClusters } from "./kube/in-cluster";
import type { ClusterContext } from "./kube/kubeconfig";
import type { FirstPages } from "./kube/first-pages";
import { LiveHub } from "./live/live-hub";
import { afterFirstLists } from "./after-first-lists";
import { InFlight } from "./http/in-flight";
import { logAudit, logLine } from "./log";
import { readinessOf, type Readiness } from "./readiness";
import { FleetMetrics } from "./metrics/fleet-metrics";
import { Notifier } from "./notify/notifier";
import { BatchService } from "./remediation/batch/service";
import { BatchStore } from "./remediation/batch/store";
import { AttemptReconciler } from "./remediation/reconcile";
import { RemediationService, type RemediationOptions } from "./remediation/service";
import type { LeaderElection } from "./replicas/leader-election";
import { Replication } from "./replicas/replication";
import { fleetWorld } from "./remediation/world";
import { observedStores } from "./store/observed";
import { openStores, type Stores } from "./store/open";
import { TimelineRecording } from "./timeline/recording";

/**
 * The composition root: the whole server of one process, built from its configuration.
 *
 *   clusters ───▶ Fleet ──events──▶ TimelineRecording ──▶ timeline store
 *   AWS reader ─▶   │       ├─────▶ LiveHub ──▶ GET /api/stream
 *                   │       └─────▶ Notifier ──▶ webhooks (with the recordTimeline role)
 *   store (at start: since when each condition holds) ─▶ Fleet
 *   RemediationService: reads the fleet, writes the audit log (which the LiveHub hears)
 *   FleetMetrics: told by the AWS reader, the watches, the stores, the audit log and handle();
 *                 reads the fleet's rows and clusters when Prometheus scrapes GET /metrics
 *
 * Two parts are roles that can be switched on and off while the process runs, independently:
 * recording the timeline (the recorder, the Events watches, retention) and reading AWS (the
 * GetFunction reader). A follower replica serves the UI and the API and watches its clusters,
 * but neither records nor reads AWS; a leader election flips both with start/stop below.
 */
export interface ServerRoles {
  recordTimeline: boolean;
  readAws: boolean;
}

const EVERY_ROLE: Readonly<ServerRoles> = { recordTimeline: true, readAws: true };
/**
 * How long a recorder transaction waits at most for the pages being rendered: about one page's
 * render on a quiet machine, so that a stream of page requests slows the recording without
 * stopping it.
 */
const PAGE_YIELD_MS = 250;

/** What a test (or a later CLI) replaces; everything else comes from the configuration. */
export interface ServerAppOptions {
  /** The roles to start with (default: every role). */
  roles?: Partial<ServerRoles>;
  /** Cluster contexts instead of those of the configuration (kube/in-cluster.ts). */
  contexts?: ClusterContext[];
  /** The first page of each of their lists, already asked (./boot.ts, before this module loaded: kube/first-pages.ts). */
  firstPages?: FirstPages;
  /** Where the pod's ServiceAccount token and CA are (a test's folder instead of the kubelet's mount). */
  serviceAccountDir?: string;
  /** The Lambda adapters instead of the AWS SDK ones. */
  lambda?: { read: LambdaReadApi; delete: LambdaDeleteApi };
  /** The stores instead of opening config.store. */
  stores?: Stores;
  now?: () => number;
  log?: (line: string) => void;
  clusterProbeMs?: number;
  pruneEveryMs?: number;
  /**
   * On a PostgreSQL store the roles follow a leader election (lib/server/replicas/), unless
   * this is false. `retryMs`: how often a follower tries the lock and the leader checks it.
   */
  election?: false | { identity?: string; retryMs?: number; serverTimeoutMs?: number };
  /** Attempts without an outcome older than graceMs (default 2 min) are reconciled every everyMs (default 30 s) by the recording process. */
  reconcile?: { graceMs?: number; everyMs?: number };
  /** At boot the AWS reads wait for every cluster's first list, this long at most (default 30 s; ./after-first-lists.ts). */
  awsAfterListsCapMs?: number;
  /** Fault points of the crash tests (lib/server/remediation/service.ts). */
  pauseAt?: RemediationOptions["pauseAt"];
}

export interface ServerApp {
  readonly config: ServerConfig;
  readonly fleet: Fleet;
  readonly stores: Stores;
  readonly live: LiveHub;
  readonly remediation: RemediationService;
  /** Which Functions each signed-in person may see (proxy mode), by access reviews. */
  readonly visibility: FunctionVisibility;
  /** GET /metrics: the catalogue's series (lib/domain/metric-catalog.ts). */
  readonly metrics: FleetMetrics;
  /** Batch remediation: previews and runs of one action on many Functions. */
  readonly batches: BatchService;
  /** Webhook notifications, run with the recordTimeline role (settle() in tests). */
  readonly notifier: Notifier;
  /** The recording role (its recorder's stats; flush() in tests). */
  readonly recording: TimelineRecording;
  /** The page requests being rendered now (counted in front of Next.js: ./http/list-fast-lane.ts). */
  readonly pages: InFlight;
  /** The roles running now. */
  roles(): ServerRoles;
  /** Ready to serve (GET /api/readyz): started, not stopping, store writable, clusters listed (./readiness.ts). */
  readiness(): Readiness;
  /** True once drain() was called: the gate answers 503 to new requests (./shutdown.ts). */
  readonly draining: boolean;
  /** The first step of a shutdown: not ready any more, new requests refused, live streams closed. */
  drain(): void;
  /** The leader election (PostgreSQL store), or null: then the roles are the ones asked for. */
  readonly election: LeaderElection | null;
  /**
   * Seeds the fleet with what the timeline store recorded (since when each condition has held),
   * starts the roles asked for, then the cluster watches (so the recorder hears the first list);
   * the AWS reads begin once the first lists are in (./after-first-lists.ts).
   */
  start(): Promise<void>;
  /** Stops everything and closes the stores; the app cannot be started again. */
  stop(): Promise<void>;
  startRecording(): Promise<void>;
  stopRecording(): Promise<void>;
  startReadingAws(): void;
  stopReadingAws(): void;
}

/**
 * Builds the app; nothing runs until start(). Throws on what the configuration names but the
 * machine cannot provide (no kubeconfig, a store that cannot be opened, a malformed
 * credentials file): boot.ts stops the process with that message.
 */
export function createServerApp(config: ServerConfig, options: ServerAppOptions = {}): ServerApp {
  const now = options.now ?? Date.now;
  const log = options.log ?? logLine;
  const contexts = options.contexts ?? loadClusters(config, options.serviceAccountDir);
  const lambda = options.lambda ?? sdkLambda(config);
  const metrics = new FleetMetrics({ publicUrl: config.publicUrl ?? "", version: DASHBOARD_VERSION, now });
  const stores = observedStores(options.stores ?? openStores(config.store, { ownerUrl: config.storeOwner, now }), metrics);

  const aws = new AwsStateReader(lambda.read, { ...config.aws, now, telemetry: metrics });
  const fleet = new Fleet(contexts, aws, {
    settings: config.diagnose,
    defaultRegion: config.aws.defaultRegion,
    now,
    clusterProbeMs: options.clusterProbeMs,
    controllerNamespaces: config.controllerNamespaces,
    permissions: { authMode: config.authMode, controllerNamespaces: config.controllerNamespaces },
    telemetry: metrics,
    firstPages: options.firstPages,
  });
  // Pages being rendered: the recorder's transactions wait for them (a bounded while).
  const pages = new InFlight();
  const recording = new TimelineRecording(stores.timeline, { retentionMs: config.retentionMs, pruneEveryMs: options.pruneEveryMs, now, log, telemetry: metrics, yieldTo: () => pages.idle(PAGE_YIELD_MS) });
  const live = new LiveHub();
  const notifier = new Notifier(stores.notified, { ...config.notify, baseUrl: config.publicUrl, now, log, sender: { telemetry: metrics, log } });
  // Only the holder of the recordTimeline role notifies (with replicas: the leader), so no message is sent twice.
  const startNotifying = () => notifier.start(fleet).catch((err: Error) => log(`[notify] not started: ${err.message}`));
  // Each audit entry written here is also a log line (./log.ts), whichever replica serves it.
  const unlogAudit = stores.audit.subscribe(logAudit);
  const processName = options.election ? (options.election.identity ?? `${os.hostname()}-${process.pid}`) : `${os.hostname()}-${process.pid}`;
  const remediation = new RemediationService(fleetWorld(fleet, lambda.delete, now), stores, {
    twoPersonRule: config.twoPersonRule,
    approvalTtlMs: config.remediation.approvalTtlMs,
    writesPerMinute: config.remediation.writesPerMinute,
    pauseAt: options.pauseAt,
  });
  const visibility = new FunctionVisibility(listReviewOn((cluster) => fleet.clusters.get(cluster)?.ctx), { now });
  // On PostgreSQL: a leader election decides the roles, and every replica hears the others' changes.
  const replication =
    stores.shared && options.election !== false
      ? new Replication(stores.shared, stores, aws, {
          identity: processName,
          retryMs: options.election?.retryMs,
          serverTimeoutMs: options.election?.serverTimeoutMs,
          log,
          now,
          roles: {
            start: async () => {
              await app.startRecording();
              app.startReadingAws();
            },
            stop: async () => {
              app.stopReadingAws();
              await app.stopRecording();
            },
          },
        })
      : null;
  const election = replication?.election ?? null;
  // With replicas, the live stream sends what the store's change feed brings, on every replica alike,
  // and resumes a stream another replica served (lib/server/live/cursor-replay.ts).
  live.attach(replication ? { fleet, recorder: replication.feed, audit: replication.feed.audit, resume: replication.feed } : { fleet, recorder: recording.recorder, audit: stores.audit });
  // With an election, every replica starts as a follower; the lock decides.
  const wanted = election ? { recordTimeline: false, readAws: false } : { ...EVERY_ROLE, ...options.roles };
  stores.audit.subscribe((entry) => metrics.auditEntry(entry));
  metrics.attach({
    rows: () => fleet.rows(),
    clusters: () => fleet.clusters.values(),
    sseClients: () => live.subscriberCount,
    pendingApprovals: async () => (await remediation.pending()).length,
  });
  // Whoever records (the leader, or the one process) also closes what a crash left open: attempts, batches.
  const reconciler = new AttemptReconciler(
    {
      world: remediation.world,
      audit: stores.audit,
      log,
      actAs: (actor) => (config.authMode === "proxy" ? { user: actor.user, groups: actor.groups } : null),
      also: async () => void (await batches.reconcileOrphans()),
    },
    { graceMs: options.reconcile?.graceMs ?? 120_000, everyMs: options.reconcile?.everyMs ?? 30_000 },
  );
  const batches = new BatchService(
    remediation,
    { ...config.remediation.batch, twoPersonRule: config.twoPersonRule, approvalTtlMs: config.remediation.approvalTtlMs, previewTtlMs: 15 * 60_000 },
    { store: new BatchStore(stores.batches, now), runner: processName },
  );
  let stopped = false;
  let startedAt: number | null = null;
  let draining = false;
  let lastProblems = "";
  // The readAws role held at boot while the first lists come in (./after-first-lists.ts): cancels the wait.
  let awsWaiting: (() => void) | null = null;
  const stopAwsWait = () => {
    awsWaiting?.();
    awsWaiting = null;
  };

  const app: ServerApp = {
    config,
    fleet,
    stores,
    live,
    remediation,
    visibility,
    metrics,
    batches,
    recording,
    pages,
    notifier,
    election,
    roles: () => ({ recordTimeline: recording.running, readAws: aws.running || awsWaiting !== null }),
    readiness() {
      const r = readinessOf({
        phase: stopped || draining ? "stopping" : startedAt === null ? "created" : "running",
        startedAt,
        now: now(),
        timeoutMs: config.readyTimeoutMs,
        storeFailing: recording.recorder.failing,
        clusters: [...fleet.clusters.values()].map((c) => ({ name: c.name, lastSyncAt: c.state.lastSyncAt })),
      });
      // Said once per change, not once per probe.
      const problems = r.problems.join("; ");
      if (problems !== lastProblems) log(`[ready] ${r.ready ? "ready" : "not ready"}${problems ? `: ${problems}` : ""}`);
      lastProblems = problems;
      return r;
    },
    async start() {
      await stores.ready();
      const snapshots = await stores.timeline.loadSnapshots().catch((err: Error) => {
        log(`[timeline] could not load the recorded snapshots (Functions will be seeded again): ${err.message}`);
        return undefined;
      });
      if (snapshots) fleet.seedConditions(snapshots.map((s) => ({ cluster: s.cluster, uid: s.uid, created: s.created, conditions: conditionsSeenOf(s) })));
      if (wanted.recordTimeline && !stopped) {
        await recording.start(fleet, fleet.clusters.values(), snapshots);
        reconciler.start();
        await startNotifying();
      }
      if (wanted.readAws && !stopped) {
        awsWaiting = afterFirstLists(fleet, options.awsAfterListsCapMs ?? 30_000, () => {
          awsWaiting = null;
          app.startReadingAws();
        });
      }
      if (!stopped) fleet.start();
      if (!stopped) await replication?.start();
      startedAt = now();
    },
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
      live.closeAll();
    },
    async stop() {
      stopped = true;
      stopAwsWait();
      await replication?.stop();
      fleet.stop();
      aws.stop();
      live.stop();
      unlogAudit();
      await notifier.stop();
      await reconciler.stop();
      await recording.stop();
      await stores.close();
    },
    async startRecording() {
      if (stopped) return;
      await recording.start(fleet, fleet.clusters.values());
      reconciler.start();
      await startNotifying();
    },
    async stopRecording() {
      await notifier.stop();
      await reconciler.stop();
      await recording.stop();
    },
    startReadingAws() {
      stopAwsWait();
      if (!stopped) aws.start();
    },
    stopReadingAws: () => {
      stopAwsWait();
      aws.stop();
    },
  };
  return app;
}

/** One SDK client per account and region, shared by the reader and the clean-up. */
function sdkLambda(config: ServerConfig): { read: LambdaReadApi; delete: LambdaDeleteApi } {
  const read = new SdkLambdaReadApi({
    endpoint: config.aws.endpoint,
    credentials: loadCredentialsFile(config.aws.credentialsFile),
    roles: parseAccountRoles(config.aws.roles),
    stsEndpoint: config.aws.stsEndpoint,
  });
  return { read, delete: new SdkLambdaDeleteApi((accountId, region) => read.client(accountId, region)) };
}
