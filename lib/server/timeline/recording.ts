import "server-only";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import type { FleetEvents } from "../fleet/events";
import type { TimelineStore } from "../store/timeline-store";
import type { Telemetry } from "../telemetry";
import { watchFunctionEvents, type EventCluster } from "./event-watch";
import { TimelineRecorder } from "./recorder";

/**
 * The recording role of a server process: the recorder hearing the fleet, the watches of the
 * Kubernetes Events about Functions, and retention. Started and stopped as a whole by the
 * server app (lib/server/app.ts): a process that does not record (a follower replica) still
 * serves the timeline from the store.
 */
export interface TimelineRecordingOptions {
  retentionMs: number;
  pruneEveryMs?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Told of the Events watches' lists and restarts. */
  telemetry?: Telemetry;
  /** What the recorder awaits before each transaction (RecorderOptions.yieldTo). */
  yieldTo?: () => Promise<unknown>;
}

/**
 * How long the recorder waits for the clusters' lists before writing (recorder.holdUntilListed):
 * until LIST_HOLD_MS after the last row heard from a cluster still being listed, and no longer
 * than LIST_HOLD_LIMIT_MS from the start.
 */
const LIST_HOLD_MS = 15_000;
const LIST_HOLD_LIMIT_MS = 300_000;

export class TimelineRecording {
  readonly recorder: TimelineRecorder;
  private detach: (() => void) | null = null;
  private events: { stop(): void } | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private starting = false;
  private stopRequested = false;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: TimelineStore,
    private readonly opts: TimelineRecordingOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((line) => console.error(line));
    this.recorder = new TimelineRecorder(store, { now: this.now, log: this.log, yieldTo: opts.yieldTo });
  }

  get running(): boolean {
    return this.detach !== null;
  }

  /**
   * Loads what was recorded before (given, or read from the store; a failed read is logged and
   * the Functions are seeded again on sight), then hears the fleet: first as it is now, then
   * every change. Started before the fleet, it hears the first list.
   */
  async start(fleet: FleetEvents, clusters: Iterable<EventCluster>, snapshots?: FunctionSnapshot[]): Promise<void> {
    if (this.running || this.starting) return;
    this.starting = true;
    try {
      await this.recorder
        .load(snapshots)
        .catch((err: Error) => this.log(`[timeline] could not load the recorded snapshots (Functions will be seeded again): ${err.message}`));
    } finally {
      this.starting = false;
    }
    if (this.stopRequested) {
      this.stopRequested = false;
      return;
    }
    const all = [...clusters];
    this.recorder.holdUntilListed(all.map((c) => c.name), LIST_HOLD_MS, LIST_HOLD_LIMIT_MS);
    this.detach = this.recorder.attach(fleet);
    this.events = watchFunctionEvents(all, (entries) => this.recorder.recordEntries(entries), this.now, this.opts.telemetry);
    void this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), this.opts.pruneEveryMs ?? 3_600_000);
    this.pruneTimer.unref?.();
  }

  /** Stops hearing, watching and pruning, and writes what was observed until now. */
  async stop(): Promise<void> {
    if (this.starting) this.stopRequested = true;
    this.detach?.();
    this.detach = null;
    this.events?.stop();
    this.events = null;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    await this.recorder.stop();
  }

  private prune(): Promise<unknown> {
    return this.store.prune(this.now() - this.opts.retentionMs).catch((err: Error) => this.log(`[timeline] retention failed: ${err.message}`));
  }
}
