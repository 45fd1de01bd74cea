import "server-only";
import type { NewTimelineEntry } from "@/lib/domain/timeline/entry";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";

/**
 * The timeline store's contract (docs/architecture.md "The timeline"): append-only timeline entries with a
 * deduplication key, the recorder's per-Function snapshots, range queries by Function, and
 * retention. Asynchronous so that a networked database (Postgres, for several replicas) can
 * implement it; the SQLite implementation answers at once.
 */
export interface TimelineQuery {
  cluster: string;
  namespace: string;
  name: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
  /** At most this many entries in range (the newest are kept). */
  limit?: number;
}

export interface TimelineResult {
  /** Oldest first: the range's entries plus, per state lane, the last entry before `since`. */
  entries: TimelineEntry[];
  truncated: boolean;
}

export interface TimelineBatch {
  entries: NewTimelineEntry[];
  /** The recorder's state after these entries; written in the same transaction. */
  snapshots: FunctionSnapshot[];
}

export interface PruneResult {
  entries: number;
  snapshots: number;
}

export interface TimelineStore {
  readonly kind: "sqlite" | "postgres";
  /**
   * True when a commit's database work runs off the event loop (SQLite's writer thread) and
   * what runs on it happens before commit() returns its promise: while a commit is awaited the
   * loop is free, and the recorder sizes its backlog's transactions by the time it holds the
   * loop itself, not by the commit's duration.
   */
  readonly writesOffLoop?: boolean;
  /**
   * Writes entries and snapshots atomically. An entry whose key is already stored is skipped:
   * the result holds only the entries that are new, with their ids, in the given order.
   */
  commit(batch: TimelineBatch): Promise<TimelineEntry[]>;
  /** Snapshots of every Function not known to be gone. */
  loadSnapshots(): Promise<FunctionSnapshot[]>;
  timeline(query: TimelineQuery): Promise<TimelineResult>;
  /**
   * Drops entries older than `before` (epoch ms), except the last entry of each state lane of
   * Functions that still exist (the start of what holds today), and the snapshots of Functions
   * gone since before then.
   */
  prune(before: number): Promise<PruneResult>;
  close(): Promise<void>;
}
