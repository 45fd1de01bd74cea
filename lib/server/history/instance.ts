import "server-only";
import type { Fleet } from "../fleet/fleet";
import type { Stores } from "../store/open";
import { watchFunctionEvents } from "./event-watch";
import { LiveHub } from "./live-hub";
import { HistoryRecorder } from "./recorder";

/**
 * The history side of one server process: the store, the recorder attached to the fleet, the
 * Events watchers, retention, and the live hub behind /api/stream. Started with the fleet
 * (lib/server/fleet/instance.ts), so it records from boot, with or without a browser open.
 */
export interface History {
  stores: Stores;
  recorder: HistoryRecorder;
  hub: LiveHub;
  /** Resolves once what was recorded before is loaded (the fleet starts after it). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface HistoryOptions {
  retentionMs: number;
  pruneEveryMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const KEY = Symbol.for("ack-lambda-fleet.history");
type Holder = { history?: History };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

export function startHistory(fleet: Fleet, stores: Stores, opts: HistoryOptions): History {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => console.error(line));
  const recorder = new HistoryRecorder(stores.history, { now, log });
  const hub = new LiveHub();
  const detachRecorder = recorder.attach(fleet);
  hub.attach({ fleet, recorder, audit: stores.audit });

  let events: { stop(): void } | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const prune = () =>
    stores.history.prune(now() - opts.retentionMs).catch((err: Error) => log(`[history] retention failed: ${err.message}`));

  const ready = recorder
    .load()
    .catch((err: Error) => log(`[history] could not load the recorded snapshots (Functions will be seeded again): ${err.message}`))
    .then(() => {
      if (stopped) return;
      events = watchFunctionEvents(fleet.clusters.values(), (entries) => recorder.recordEntries(entries), now);
      void prune();
      pruneTimer = setInterval(() => void prune(), opts.pruneEveryMs ?? 3_600_000);
      pruneTimer.unref?.();
    });

  const history: History = {
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
  holder.history = history;
  return history;
}

/** The process's history; throws when the fleet (which starts it) has not started. */
export function getHistory(): History {
  if (!holder.history) throw new Error("the history recorder is not running (the fleet has not started)");
  return holder.history;
}
