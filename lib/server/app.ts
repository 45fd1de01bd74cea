import "server-only";
import { conditionsSeenOf } from "@/lib/domain/timeline/observe";
import { SdkLambdaDeleteApi, type LambdaDeleteApi } from "./aws/delete";
import { SdkLambdaReadApi, loadCredentialsFile, type LambdaReadApi } from "./aws/lambda-api";
import { AwsStateReader } from "./aws/reader";
import type { ServerConfig } from "./config";
import { Fleet } from "./fleet/fleet";
import { loadClusterContexts, type ClusterContext } from "./kube/kubeconfig";
import { LiveHub } from "./live/live-hub";
import { BatchService } from "./remediation/batch/service";
import { RemediationService } from "./remediation/service";
import { fleetWorld } from "./remediation/world";
import { openStores, type Stores } from "./store/open";
import { TimelineRecording } from "./timeline/recording";

/**
 * The composition root: the whole server of one process, built from its configuration.
 *
 *   clusters ───▶ Fleet ──events──▶ TimelineRecording ──▶ timeline store
 *   AWS reader ─▶   │       └─────▶ LiveHub ──▶ GET /api/stream
 *   store (at start: since when each condition holds) ─▶ Fleet
 *   RemediationService: reads the fleet, writes the audit log (which the LiveHub hears)
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

/** What a test (or a later CLI) replaces; everything else comes from the configuration. */
export interface ServerAppOptions {
  /** The roles to start with (default: every role). */
  roles?: Partial<ServerRoles>;
  /** Cluster contexts instead of those of config.kubeconfigPaths. */
  contexts?: ClusterContext[];
  /** The Lambda adapters instead of the AWS SDK ones. */
  lambda?: { read: LambdaReadApi; delete: LambdaDeleteApi };
  /** The stores instead of opening config.store. */
  stores?: Stores;
  now?: () => number;
  log?: (line: string) => void;
  clusterProbeMs?: number;
  pruneEveryMs?: number;
}

export interface ServerApp {
  readonly config: ServerConfig;
  readonly fleet: Fleet;
  readonly stores: Stores;
  readonly live: LiveHub;
  readonly remediation: RemediationService;
  /** Batch remediation: previews and runs of one action on many Functions. */
  readonly batches: BatchService;
  /** The recording role (its recorder's stats; flush() in tests). */
  readonly recording: TimelineRecording;
  /** The roles running now. */
  roles(): ServerRoles;
  /**
   * Seeds the fleet with what the timeline store recorded (since when each condition has held),
   * starts the roles asked for, then the cluster watches (so the recorder hears the first list).
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
  const log = options.log ?? ((line: string) => console.error(line));
  const contexts = options.contexts ?? loadClusterContexts(config.kubeconfigPaths, config.contexts);
  const lambda = options.lambda ?? sdkLambda(config);
  const stores = options.stores ?? openStores(config.store);

  const aws = new AwsStateReader(lambda.read, { ...config.aws, now });
  const fleet = new Fleet(contexts, aws, { settings: config.diagnose, defaultRegion: config.aws.defaultRegion, now, clusterProbeMs: options.clusterProbeMs });
  const recording = new TimelineRecording(stores.timeline, { retentionMs: config.retentionMs, pruneEveryMs: options.pruneEveryMs, now, log });
  const live = new LiveHub();
  live.attach({ fleet, recorder: recording.recorder, audit: stores.audit });
  const remediation = new RemediationService(fleetWorld(fleet, lambda.delete, now), stores.audit, {
    twoPersonRule: config.twoPersonRule,
    approvalTtlMs: config.remediation.approvalTtlMs,
    writesPerMinute: config.remediation.writesPerMinute,
  });
  const batches = new BatchService(remediation, {
    ...config.remediation.batch,
    twoPersonRule: config.twoPersonRule,
    approvalTtlMs: config.remediation.approvalTtlMs,
    previewTtlMs: 15 * 60_000,
  });
  const wanted = { ...EVERY_ROLE, ...options.roles };
  let stopped = false;

  const app: ServerApp = {
    config,
    fleet,
    stores,
    live,
    remediation,
    batches,
    recording,
    roles: () => ({ recordTimeline: recording.running, readAws: aws.running }),
    async start() {
      const snapshots = await stores.timeline.loadSnapshots().catch((err: Error) => {
        log(`[timeline] could not load the recorded snapshots (Functions will be seeded again): ${err.message}`);
        return undefined;
      });
      if (snapshots) fleet.seedConditions(snapshots.map((s) => ({ cluster: s.cluster, uid: s.uid, created: s.created, conditions: conditionsSeenOf(s) })));
      if (wanted.recordTimeline && !stopped) await recording.start(fleet, fleet.clusters.values(), snapshots);
      if (wanted.readAws) app.startReadingAws();
      if (!stopped) fleet.start();
    },
    async stop() {
      stopped = true;
      fleet.stop();
      aws.stop();
      live.stop();
      await recording.stop();
      stores.close();
    },
    async startRecording() {
      if (!stopped) await recording.start(fleet, fleet.clusters.values());
    },
    stopRecording: () => recording.stop(),
    startReadingAws() {
      if (!stopped) aws.start();
    },
    stopReadingAws: () => aws.stop(),
  };
  return app;
}

/** One SDK client per account and region, shared by the reader and the clean-up. */
function sdkLambda(config: ServerConfig): { read: LambdaReadApi; delete: LambdaDeleteApi } {
  const read = new SdkLambdaReadApi({ endpoint: config.aws.endpoint, credentials: loadCredentialsFile(config.aws.credentialsFile) });
  return { read, delete: new SdkLambdaDeleteApi((accountId, region) => read.client(accountId, region)) };
}
