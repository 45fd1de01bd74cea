import "server-only";
import type { TimelineStore } from "../store/timeline-store";
import { watchFunctionEvents, type EventCluster } from "./event-watch";
import { TimelineRecorder, type FleetSource } from "./recorder";

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
}

export class TimelineRecording {
  readonly recorder: TimelineRecorder;
  private detach: (() => void) | null = null;
  private events: { stop(): void } | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: TimelineStore,
    private readonly opts: TimelineRecordingOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((line) => console.error(line));
    this.recorder = new TimelineRecorder(store, { now: this.now, log: this.log });
  }

  get running(): boolean {
    return this.detach !== null;
  }

  /**
   * Hears the fleet at once (so the first list is recorded), then loads what was recorded
   * before: a failed load is logged and the Functions are seeded again on sight.
   */
  async start(fleet: FleetSource, clusters: Iterable<EventCluster>): Promise<void> {
    if (this.running) return;
    this.detach = this.recorder.attach(fleet);
    await this.recorder
      .load()
      .catch((err: Error) => this.log(`[timeline] could not load the recorded snapshots (Functions will be seeded again): ${err.message}`));
    if (!this.running) return;
    this.events = watchFunctionEvents(clusters, (entries) => this.recorder.recordEntries(entries), this.now);
    void this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), this.opts.pruneEveryMs ?? 3_600_000);
    this.pruneTimer.unref?.();
  }

  /** Stops hearing, watching and pruning, and writes what was observed until now. */
  async stop(): Promise<void> {
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
