import "server-only";
import type { Fleet } from "../fleet/fleet";
import type { Stores } from "../store/open";
import { watchFunctionEvents } from "./event-watch";
import { LiveHub } from "../live/live-hub";
import { TimelineRecorder } from "./recorder";

/**
 * The timeline side of one server process: the store, the recorder attached to the fleet, the
 * Events watchers, retention, and the live hub behind /api/stream. Started with the fleet
 * (lib/server/fleet/instance.ts), so it records from boot, with or without a browser open.
 */
export interface TimelineRecording {
  stores: Stores;
  recorder: TimelineRecorder;
  hub: LiveHub;
  /** Resolves once what was recorded before is loaded (the fleet starts after it). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface TimelineRecordingOptions {
  retentionMs: number;
  pruneEveryMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const KEY = Symbol.for("ack-lambda-fleet.timeline");
type Holder = { recording?: TimelineRecording };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

export function startTimelineRecording(fleet: Fleet, stores: Stores, opts: TimelineRecordingOptions): TimelineRecording {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => console.error(line));
  const recorder = new TimelineRecorder(stores.timeline, { now, log });
  const hub = new LiveHub();
  const detachRecorder = recorder.attach(fleet);
  hub.attach({ fleet, recorder, audit: stores.audit });

  let events: { stop(): void } | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const prune = () =>
    stores.timeline.prune(now() - opts.retentionMs).catch((err: Error) => log(`[timeline] retention failed: ${err.message}`));

  const ready = recorder
    .load()
    .catch((err: Error) => log(`[timeline] could not load the recorded snapshots (Functions will be seeded again): ${err.message}`))
    .then(() => {
      if (stopped) return;
      events = watchFunctionEvents(fleet.clusters.values(), (entries) => recorder.recordEntries(entries), now);
      void prune();
      pruneTimer = setInterval(() => void prune(), opts.pruneEveryMs ?? 3_600_000);
      pruneTimer.unref?.();
    });

  const recording: TimelineRecording = {
    stores,
    recorder,
    hub,
    ready,
    async stop() {
      stopped = true;
      events?.stop();
      if (pruneTimer) clearInterval(pruneTimer);
      hub.stop();
      detachRecorder();
      await recorder.stop();
    },
  };
  holder.recording = recording;
  return recording;
}

/** The process's timeline recording; throws when the fleet (which starts it) has not started. */
export function getTimelineRecording(): TimelineRecording {
  if (!holder.recording) throw new Error("the timeline recorder is not running (the fleet has not started)");
  return holder.recording;
}
