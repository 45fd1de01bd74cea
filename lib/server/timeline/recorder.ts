import "server-only";
import { performance } from "node:perf_hooks";
import type { FunctionFacts } from "@/lib/domain/function-object";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { NewTimelineEntry } from "@/lib/domain/timeline/entry";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { observeFunction, observeGone, parseSnapshotText, sameObject, snapshotText, type FunctionSnapshot } from "@/lib/domain/timeline/observe";
import type { FleetEvent, FleetEvents } from "../fleet/events";
import type { TimelineStore } from "../store/timeline-store";

/**
 * The timeline recorder: hears every change of the fleet (its events carry the facts, the AWS
 * state and what a relist found), works out what changed with the pure observeFunction(), and
 * writes the entries together with its snapshot of each Function in one transaction. It never
 * asks the fleet anything back. Runs while the process has the recording role.
 *
 * Observations are taken synchronously when the fleet reports them (so a quick Pending, Active
 * sequence is not collapsed) and written in batches every `flushMs`: one transaction per batch
 * keeps an initial list of 10,000 Functions to one disk sync. A failed write is retried with
 * the same observations; since entries are keyed, a retry never duplicates anything.
 */
export interface RecorderOptions {
  now?: () => number;
  flushMs?: number;
  /** Observations kept while the store fails; beyond this the oldest are dropped (and counted). */
  maxQueue?: number;
  log?: (line: string) => void;
  /** Observations per transaction when a backlog is written (fixed; by default sized by time, at most WRITE_BATCH). */
  writeBatch?: number;
  /**
   * Awaited before each transaction: resolves once no page is being rendered, or after a
   * bounded wait (the app's page requests in flight). A page's render takes many turns of the
   * one event loop, and each turn waited behind a transaction of the first sight of the fleet:
   * at 50,000 Functions SQLite took ~20% of the server's time while the overview was answered.
   */
  yieldTo?: () => Promise<unknown>;
}

type Pending =
  | { type: "seen"; id: string; facts: FunctionFacts; aws: AwsState | null; at: number }
  | { type: "gone"; id: string; at: number }
  | { type: "listed"; cluster: string; liveUids: Set<string>; rejectedIds: Set<string>; at: number }
  | { type: "entries"; entries: NewTimelineEntry[] };

export type EntriesListener = (entries: TimelineEntry[]) => void;

/**
 * Observations per transaction of a backlog, at most: one disk sync each, and the event loop
 * free between them. 2,000 held the loop about half a second each on a busy 2-core machine (the
 * first full list after a cold start of 10,000 Functions waited 2.6 s behind them).
 */
const WRITE_BATCH = 500;
/**
 * What one backlog transaction may hold the event loop, about: the batch size follows it (the
 * cost per observation varies with the machine and the store). At 50,000 Functions, fixed
 * batches of 500 held the loop long enough to take live-stream pushes from ~120 ms to ~1.1 s
 * at p99 while the first sight of the fleet was written.
 */
const TX_TARGET_MS = 20;
const MIN_BATCH = 20;
/** The longest pause after a backlog's transaction (the pause is as long as the transaction took). */
const MAX_PAUSE_MS = 250;
const snapshotKey = (cluster: string, uid: string) => `${cluster}/${uid}`;
const parseSnapshot = (text: string | undefined): FunctionSnapshot | null => (text === undefined ? null : parseSnapshotText(text));
const idOf = (s: FunctionSnapshot) => `${s.cluster}/${s.namespace}/${s.name}`;

export class TimelineRecorder {
  /**
   * Snapshots of the Functions that exist, by cluster/uid, each kept as its JSON text and parsed
   * when the Function is observed again. As objects (lanes, their keys, times boxed as heap
   * numbers) the recorder held ~2.2 KB of heap a Function, as text ~1.4 KB
   * (./recorder-memory.test.ts); an observation parses one snapshot of under 1 KB. Its lanes'
   * keys are written without the prefix every key of the object shares (snapshotText).
   */
  private readonly snapshots = new Map<string, string>();
  /** cluster/namespace/name → cluster/uid of the object now under that name. */
  private readonly byId = new Map<string, string>();
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private failures = 0;
  private readonly listeners = new Set<EntriesListener>();
  private readonly now: () => number;
  /** Clusters whose list it waits for before writing, and until when at most (holdUntilListed). */
  private holding: Set<string> | null = null;
  private holdEndsAt = 0;
  private holdQuietMs = 0;
  private holdLimit = 0;
  /** Observations in the next backlog transaction (writeQueued learns it; fixed by `writeBatch`). */
  private batchSize: number;
  readonly stats = { committedEntries: 0, failedCommits: 0, droppedObservations: 0, lastError: null as string | null };

  constructor(
    private readonly store: TimelineStore,
    private readonly opts: RecorderOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.batchSize = opts.writeBatch ?? MIN_BATCH * 5;
  }

  /**
   * Takes what was recorded before as its starting point (a restart resumes from it); what it
   * held is forgotten (another process may have recorded meanwhile). Call before hearing the fleet.
   */
  async load(snapshots?: FunctionSnapshot[]): Promise<void> {
    const loaded = snapshots ?? (await this.store.loadSnapshots());
    this.snapshots.clear();
    this.byId.clear();
    for (const s of loaded) {
      const k = snapshotKey(s.cluster, s.uid);
      this.snapshots.set(k, snapshotText(s));
      this.byId.set(idOf(s), k);
    }
  }

  /**
   * At start, rows come first: what it hears is observed at once (with its time), but written
   * only once these clusters' lists are complete, in transactions of at most WRITE_BATCH
   * observations. Writing the first sight of 10,000 Functions takes seconds of the one event
   * loop that also makes their rows. A cluster that never answers does not hold it for ever:
   * it ends `quietMs` after the last row heard from a cluster still being listed (a list of
   * 50,000 outlasts any fixed wait on a busy machine: writing then slowed the lists ~2×), and
   * `maxMs` after the start at the latest (a list that starts over and over).
   */
  holdUntilListed(clusters: string[], quietMs: number, maxMs = 20 * quietMs): void {
    const now = Date.now();
    this.holding = clusters.length ? new Set(clusters) : null;
    this.holdQuietMs = quietMs;
    this.holdLimit = now + Math.max(quietMs, maxMs);
    this.holdEndsAt = now + quietMs;
  }

  /** Hears the fleet, first as it is now (replay), then every change; returns the way to stop. */
  attach(fleet: FleetEvents): () => void {
    return fleet.subscribe((e) => this.hear(e), { replay: true });
  }

  hear(e: FleetEvent): void {
    const at = this.now();
    if (e.type === "row") {
      const cluster = e.row?.cluster ?? e.facts?.cluster;
      if (this.holding && cluster !== undefined && this.holding.has(cluster)) this.holdEndsAt = Math.min(this.holdLimit, Date.now() + this.holdQuietMs);
      if (e.facts) this.enqueue({ type: "seen", id: e.id, facts: e.facts, aws: e.aws, at });
      // A malformed object is dropped from the fleet but still exists: not a deletion.
      else if (!e.rejected) this.enqueue({ type: "gone", id: e.id, at });
    } else if (e.type === "listed") {
      this.enqueue({ type: "listed", cluster: e.cluster, liveUids: new Set(e.uids), rejectedIds: new Set(e.rejectedIds), at });
      if (this.holding?.delete(e.cluster) && this.holding.size === 0) this.release();
    }
  }

  /** Entries from elsewhere (Kubernetes Events), deduplicated by their keys. */
  recordEntries(entries: NewTimelineEntry[]): void {
    if (entries.length) this.enqueue({ type: "entries", entries });
  }

  /** Hears the entries that were new when written (duplicates never reach listeners). */
  onEntries(listener: EntriesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    const max = this.opts.maxQueue ?? 200_000;
    if (this.queue.length > max) {
      const drop = this.queue.length - max;
      this.queue.splice(0, drop);
      this.stats.droppedObservations += drop;
    }
    this.schedule(this.opts.flushMs ?? 50);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    const wait = this.holding ? Math.max(ms, this.holdEndsAt - Date.now()) : ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Rows kept coming from a cluster still being listed: the hold went on meanwhile.
      if (this.holding && Date.now() < this.holdEndsAt) return this.schedule(ms);
      this.holding = null;
      void this.flush();
    }, wait);
  }

  private release(): void {
    this.holding = null;
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.schedule(this.opts.flushMs ?? 50);
  }

  /** True while the last write to the store failed (readiness: the store cannot be written). */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Writes what is queued; resolves when it is on disk (or has failed and been requeued). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.writeQueued());
    return this.chain;
  }

  /** Flushes and stops; the fleet should be detached first. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  /**
   * Everything queued, in transactions of at most WRITE_BATCH sized to hold the event loop about
   * TX_TARGET_MS each (the size learnt from the last one). Between two transactions of a backlog
   * it pauses as long as the last one took: a request under way (several turns of the event loop
   * each) gets at least half of the loop, instead of one turn per transaction. When the store
   * writes off the loop (store.writesOffLoop), "took" is the time the recorder held the loop,
   * not the time the commit took: waiting for the writer thread's COMMIT holds nothing.
   */
  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      if (this.opts.yieldTo) await this.opts.yieldTo();
      if (this.queue.length === 0) return;
      const before = this.failures;
      const started = performance.now();
      const size = this.batchSize;
      const held = await this.writeBatch(size);
      if (this.failures > before) return; // requeued; retried on its own timer
      // A store writing off the loop holds it only while the batch is observed and handed over.
      const took = this.store.writesOffLoop ? held : performance.now() - started;
      if (this.opts.writeBatch === undefined && took > 0) {
        this.batchSize = Math.max(MIN_BATCH, Math.min(WRITE_BATCH, Math.round((size * TX_TARGET_MS) / Math.max(took, 1))));
      }
      if (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_PAUSE_MS, Math.ceil(took))));
    }
  }

  /** Returns the time it held the event loop (ms): observing, handing over, telling listeners. */
  private async writeBatch(size: number): Promise<number> {
    const started = performance.now();
    const items = this.queue.length > size ? this.queue.splice(0, size) : this.queue;
    if (items === this.queue) this.queue = [];
    if (items.length === 0) return 0;
    const working = new Map<string, FunctionSnapshot>();
    const ids = new Map<string, string | null>();
    const entries: NewTimelineEntry[] = [];
    const snapshot = (k: string) => working.get(k) ?? parseSnapshot(this.snapshots.get(k));
    const keyOfId = (id: string) => (ids.has(id) ? ids.get(id) : this.byId.get(id)) ?? null;
    const markGone = (k: string, at: number) => {
      const r = observeGone(snapshot(k), at);
      if (!r) return;
      entries.push(...r.entries);
      working.set(k, r.snapshot);
      if (keyOfId(idOf(r.snapshot)) === k) ids.set(idOf(r.snapshot), null);
    };

    for (const p of items) {
      if (p.type === "seen") {
        const k = snapshotKey(p.facts.cluster, p.facts.uid);
        const before = keyOfId(p.id);
        // The name now holds another object: the previous one was deleted meanwhile.
        if (before && before !== k) markGone(before, p.at);
        // Same uid, another creation: a simulated or restored cluster made anew; the old one is gone.
        const known = snapshot(k);
        if (known && !known.gone && !sameObject(known, p.facts)) markGone(k, p.at);
        const prev = known && sameObject(known, p.facts) ? known : null;
        const r = observeFunction(prev, p.facts, p.aws, p.at);
        // Nothing new about a known object (a relist, a resync): its snapshot stays as stored.
        if (prev && r.entries.length === 0) continue;
        entries.push(...r.entries);
        working.set(k, r.snapshot);
        ids.set(p.id, k);
      } else if (p.type === "gone") {
        const k = keyOfId(p.id);
        if (k) markGone(k, p.at);
      } else if (p.type === "listed") {
        // Objects deleted while nobody watched (the dashboard was down, or a watch gap). A kept
        // snapshot is parsed only when its key (cluster/uid) says it may be one of them.
        const prefix = `${p.cluster}/`;
        const gone = (s: FunctionSnapshot) => s.cluster === p.cluster && !s.gone && !p.liveUids.has(s.uid) && !p.rejectedIds.has(idOf(s));
        const candidates: string[] = [];
        for (const k of this.snapshots.keys()) {
          if (!working.has(k) && k.startsWith(prefix) && !p.liveUids.has(k.slice(prefix.length))) candidates.push(k);
        }
        for (const k of candidates) if (gone(snapshot(k)!)) markGone(k, p.at);
        for (const [k, s] of [...working]) if (gone(s)) markGone(k, p.at);
      } else {
        entries.push(...p.entries);
      }
    }

    let inserted: TimelineEntry[];
    let held = 0;
    try {
      const writing = this.store.commit({ entries, snapshots: [...working.values()] });
      held = performance.now() - started;
      inserted = await writing;
    } catch (err) {
      // Nothing was applied (one transaction): observe the same things again later.
      this.queue = [...items, ...this.queue];
      this.failures++;
      this.stats.failedCommits++;
      this.stats.lastError = (err as Error).message;
      this.opts.log?.(`[timeline] write failed (${this.failures} in a row), retrying: ${(err as Error).message}`);
      this.schedule(Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6)));
      return 0;
    }
    const resumed = performance.now();
    this.failures = 0;
    for (const [k, s] of working) {
      if (s.gone) this.snapshots.delete(k);
      else this.snapshots.set(k, snapshotText(s));
    }
    for (const [id, k] of ids) {
      if (k === null) this.byId.delete(id);
      else this.byId.set(id, k);
    }
    this.stats.committedEntries += inserted.length;
    if (inserted.length) {
      for (const l of this.listeners) {
        try {
          l(inserted);
        } catch {
          /* a listener's failure is its own */
        }
      }
    }
    return held + (performance.now() - resumed);
  }
}
