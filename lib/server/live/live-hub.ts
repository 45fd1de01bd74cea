import "server-only";
import { randomBytes } from "node:crypto";
import { listedRowWire, type AwsAccountStatus, type ClusterSummary, type FunctionRow } from "@/lib/domain/wire/fleet";
import type { ClustersEvent, ResetEvent, RowEvent, TimelineEvent } from "@/lib/domain/wire/stream";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { auditToEntry, type AuditLike } from "@/lib/domain/timeline/events";
import type { FleetEvents } from "../fleet/events";
import { replayByCursor } from "./cursor-replay";
import { formatEventId, parseEventId, type StorePosition } from "./resume-cursor";
import { entryRuns, type EntryRun, type ResumeSource } from "./store-replay";

/**
 * The live feed behind GET /api/stream: row changes, new timeline entries and cluster
 * summaries, each with an id `<epoch>-<seq>`. The last `ringSize` events are kept so that a
 * browser reconnecting with Last-Event-ID gets exactly what it missed; when that is no longer
 * possible (too old, or the server restarted: another epoch) it is told to `reset`, i.e. to
 * refetch. Row changes are coalesced per Function for `coalesceMs` (a row is a state: only
 * the latest matters); timeline entries never are (they are history).
 *
 * With a shared store (several replicas, `LiveSources.resume`), ids carry a cursor that every
 * replica understands (./resume-cursor.ts), and a Last-Event-ID of another replica, or one this
 * ring no longer holds, is resumed from the store and the recent row changes
 * (./cursor-replay.ts): timeline entries are then sent in runs of one Function in id order, so
 * that the position after each event is exact.
 */
export type LiveEventType = keyof LivePayloads;

export interface LiveEvent {
  id: string;
  seq: number;
  type: LiveEventType;
  /** JSON text of the payload, serialised once for every subscriber. */
  data: string;
  /** The Function's cluster and namespace (row and timeline events): whom the stream may show it to. */
  place?: { cluster: string; namespace: string };
  /** When it was published (ms). */
  at: number;
  /** Row events: the Function's id. */
  functionId?: string;
  /** With a shared store: every entry up to here has been sent with or before this event. */
  position?: StorePosition;
  /** Timeline events with a shared store: whether they carry timeline entries or an audit entry. */
  span?: "timeline" | "audit";
}

/** The payload of each event type (lib/domain/wire/stream.ts: the browser parses them with the same schemas). */
export interface LivePayloads {
  row: RowEvent;
  timeline: TimelineEvent;
  clusters: ClustersEvent;
  reset: ResetEvent;
}

export interface LiveHubOptions {
  ringSize?: number;
  /** The ring's event texts in all at most this many characters (default 8 M): a timeline event of a first list is large. */
  ringChars?: number;
  coalesceMs?: number;
  /** More row changes than this in one window: one `reset` instead (a relist of a big fleet). */
  bulkResetThreshold?: number;
  /** At most one cluster summaries event this often. */
  clustersThrottleMs?: number;
  /** Resuming by cursor: row changes this long before the client's last event are sent again (clock skew, watch lag). */
  resumeSkewMs?: number;
  /** Resuming by cursor: more missed timeline or audit entries than this is a reset. */
  resumeLimit?: number;
  now?: () => number;
}

export interface LiveSources {
  fleet: FleetEvents & { clusterSummaries(): ClusterSummary[]; awsAccounts?(): AwsAccountStatus[]; index?: { rowJson(row: FunctionRow): string } };
  recorder?: { onEntries(fn: (entries: TimelineEntry[]) => void): () => void };
  audit?: { subscribe(fn: (entry: AuditLike) => void): () => void };
  /** The shared store's change feed (several replicas): event ids then resume on any replica. */
  resume?: ResumeSource;
}

/**
 * `live`: applied to every live event after the replay (entries the client already has are
 * left out); `helloId`: the id of the hello that follows the replay.
 */
export type Replay = { events: LiveEvent[]; live?: (e: LiveEvent) => LiveEvent | null; helloId?: string } | { reset: string };

export class LiveHub {
  readonly epoch = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  private seq = 0;
  /**
   * The kept events are ring[ringHead..]: the ones that fell out before ringHead are cleared and
   * cut off in one go once they are half the array. Cutting each event off the front
   * (`splice(0, 1)`) moved the whole array once the ring was full: ~5,000 pointers per event,
   * tens of microseconds each, a sixth of a second of a 10,000 Function cold start's row events.
   */
  private ring: Array<LiveEvent | undefined> = [];
  private ringHead = 0;
  private ringChars = 0;
  private readonly subscribers = new Set<(e: LiveEvent) => void>();
  private readonly closers = new Map<(e: LiveEvent) => void, () => void>();
  private readonly pendingRows = new Map<string, FunctionRow | null>();
  /** Where each Function shown is, so the event of its removal (row null) still has a place. */
  private readonly places = new Map<string, { cluster: string; namespace: string }>();
  private rowTimer: NodeJS.Timeout | null = null;
  private clustersTimer: NodeJS.Timeout | null = null;
  private clustersDue = false;
  private clustersAt = -Infinity;
  private readonly detach: Array<() => void> = [];
  private readonly now: () => number;
  private readonly createdAt: number;
  /** When the newest row or reset event that fell out of the ring was published. */
  private droppedAt = -Infinity;
  private source: LiveSources | null = null;

  constructor(private readonly opts: LiveHubOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.createdAt = this.now();
  }

  /** The version of what the hub has sent (the list's ETag): `<epoch>-<seq>`. */
  get lastId(): string {
    return `${this.epoch}-${this.seq}`;
  }

  /** The id that stands for "everything sent so far" (a hello, a reset): with a cursor on a shared store. */
  currentId(): string {
    const resume = this.source?.resume;
    if (!resume) return this.lastId;
    const last = this.ring.length > this.ringHead ? this.ring[this.ring.length - 1] : undefined;
    return last?.seq === this.seq ? last.id : formatEventId(this.epoch, this.seq, { at: this.now(), position: resume.handed() });
  }

  publish<K extends LiveEventType>(type: K, payload: LivePayloads[K], place?: LiveEvent["place"], extra: Pick<LiveEvent, "functionId" | "position" | "span"> = {}): LiveEvent {
    return this.publishText(type, JSON.stringify(payload), place, extra);
  }

  /** publish() with the payload's JSON text made already (`data`: exactly JSON.stringify of a LivePayloads[type]). */
  private publishText(type: LiveEventType, data: string, place?: LiveEvent["place"], extra: Pick<LiveEvent, "functionId" | "position" | "span"> = {}): LiveEvent {
    this.seq++;
    const at = this.now();
    const resume = this.source?.resume;
    const position = resume ? (extra.position ?? resume.handed()) : undefined;
    const id = formatEventId(this.epoch, this.seq, position ? { at, position } : null);
    const event: LiveEvent = { id, seq: this.seq, type, data, at, ...(place ? { place } : {}), ...extra, ...(position ? { position } : {}) };
    this.ring.push(event);
    this.ringChars += event.data.length;
    const max = this.opts.ringSize ?? 5_000;
    const maxChars = this.opts.ringChars ?? 8_000_000;
    // The newest event stays, whatever its size.
    while (this.ring.length - this.ringHead > 1 && (this.ring.length - this.ringHead > max || this.ringChars > maxChars)) {
      const e = this.ring[this.ringHead]!;
      this.ring[this.ringHead++] = undefined;
      this.ringChars -= e.data.length;
      // Only rows and resets matter to a resume by cursor: entries are in the store, summaries are sent afresh.
      if (e.type === "row" || e.type === "reset") this.droppedAt = e.at;
    }
    if (this.ringHead > 64 && this.ringHead * 2 >= this.ring.length) {
      this.ring = this.ring.slice(this.ringHead);
      this.ringHead = 0;
    }
    for (const s of this.subscribers) {
      try {
        s(event);
      } catch {
        /* one subscriber's failure is its own */
      }
    }
    return event;
  }

  /**
   * What a client that last saw `lastEventId` missed, or why it must refetch instead. Taken at
   * once from the ring; by cursor (a shared store), the store's part is read after: a caller
   * subscribes right after calling this, and sends what the promise gives before the live events.
   */
  replay(lastEventId: string | null): Replay | Promise<Replay> {
    if (lastEventId === null || lastEventId === "") return { events: [] };
    const id = parseEventId(lastEventId);
    if (!id) return { reset: "the Last-Event-ID is not one of this server's event ids" };
    const resume = this.source?.resume;
    const byCursor = () =>
      replayByCursor(id.cursor!, { ring: this.kept(), createdAt: this.createdAt, droppedAt: this.droppedAt, now: this.now(), source: resume!, clusters: () => this.clustersPayload(), opts: this.opts });
    // Another epoch: this process restarted, or (several replicas) another replica sent that id.
    if (id.epoch !== this.epoch) {
      return resume && id.cursor ? byCursor() : { reset: "the last event came from another server process (a restart, or another replica)" };
    }
    if (id.seq > this.seq) return { reset: "the Last-Event-ID is newer than this server's last event" };
    const kept = this.kept();
    const oldest = kept.length ? kept[0].seq : this.seq + 1;
    if (id.seq >= oldest - 1) return { events: kept.filter((e) => e.seq > id.seq) };
    return resume && id.cursor ? byCursor() : { reset: "the events since the Last-Event-ID are no longer kept" };
  }

  /** The events kept for a resume, oldest first. */
  private kept(): LiveEvent[] {
    return this.ring.slice(this.ringHead) as LiveEvent[];
  }

  /** `onClose`: called by closeAll() (shutdown), for the subscriber to end its stream. */
  subscribe(fn: (e: LiveEvent) => void, onClose?: () => void): () => void {
    this.subscribers.add(fn);
    if (onClose) this.closers.set(fn, onClose);
    return () => {
      this.subscribers.delete(fn);
      this.closers.delete(fn);
    };
  }

  /** Ends every open stream (a shutdown): each subscriber's onClose, which tells its browser when to come back. */
  closeAll(): void {
    for (const close of [...this.closers.values()]) {
      try {
        close();
      } catch {
        /* one subscriber's failure is its own */
      }
    }
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Cluster summaries follow the rows that changed them in the same flush (a client applies
   * both at once, so its table and its counts agree), at most once per clustersThrottleMs.
   */
  attach(src: LiveSources): void {
    this.source = src;
    const publishClusters = () => {
      this.clustersDue = false;
      this.clustersAt = this.now();
      this.publish("clusters", this.clustersPayload());
    };
    const flush = () => {
      this.rowTimer = null;
      this.flushRows();
      if (!this.clustersDue || this.clustersTimer) return;
      const wait = this.clustersAt + (this.opts.clustersThrottleMs ?? 1_000) - this.now();
      if (wait <= 0) publishClusters();
      else
        this.clustersTimer = setTimeout(() => {
          this.clustersTimer = null;
          if (this.clustersDue) publishClusters();
        }, wait);
    };
    this.detach.push(
      src.fleet.subscribe((e) => {
        if (e.type === "row") {
          this.pendingRows.set(e.id, e.row);
          if (e.row) this.places.set(e.id, { cluster: e.row.cluster, namespace: e.row.namespace });
        }
        else if (e.type === "summary" || e.type === "accounts") this.clustersDue = true;
        else return;
        this.rowTimer ??= setTimeout(flush, this.opts.coalesceMs ?? 100);
      }),
    );
    if (src.recorder) this.detach.push(src.recorder.onEntries((entries) => this.publishEntries(entries)));
    if (src.audit) this.detach.push(src.audit.subscribe((a) => this.publishEntries([auditToEntry(a)], "audit")));
  }

  private clustersPayload(): ClustersEvent {
    const fleet = this.source!.fleet;
    return { clusters: fleet.clusterSummaries(), ...(fleet.awsAccounts ? { awsAccounts: fleet.awsAccounts() } : {}) };
  }

  stop(): void {
    for (const d of this.detach.splice(0)) d();
    if (this.rowTimer) clearTimeout(this.rowTimer);
    if (this.clustersTimer) clearTimeout(this.clustersTimer);
    this.rowTimer = this.clustersTimer = null;
  }

  private flushRows(): void {
    const rows = [...this.pendingRows];
    this.pendingRows.clear();
    if (rows.length > (this.opts.bulkResetThreshold ?? 2_000)) {
      this.publish("reset", { reason: `${rows.length} Functions changed at once (a relist): refetch` });
      return;
    }
    const index = this.source?.fleet.index;
    for (const [id, row] of rows) {
      const place = row ? { cluster: row.cluster, namespace: row.namespace } : this.places.get(id);
      if (!row) this.places.delete(id);
      // The row's JSON as the list answers carry it, made once per row object (RowIndex.rowJson):
      // made here during a cold start, the first full list finds every row's text ready.
      const rowText = row ? (index?.rowJson(row) ?? JSON.stringify(listedRowWire(row))) : "null";
      this.publishText("row", `{"id":${JSON.stringify(id)},"row":${rowText}}`, place, { functionId: id });
    }
  }

  private publishEntries(all: TimelineEntry[], span: "timeline" | "audit" = "timeline"): void {
    const resume = this.source?.resume;
    if (resume) return this.publishRuns(all, span, resume.handed());
    const entries = all.filter(isChange);
    const byFunction = new Map<string, TimelineEntry[]>();
    for (const e of entries) {
      const id = `${e.cluster}/${e.namespace}/${e.name}`;
      const list = byFunction.get(id) ?? [];
      list.push(e);
      byFunction.set(id, list);
    }
    if (byFunction.size > (this.opts.bulkResetThreshold ?? 2_000)) {
      this.publish("reset", { reason: `${byFunction.size} timelines changed at once: refetch` });
      return;
    }
    for (const [functionId, list] of byFunction) this.publish("timeline", { functionId, entries: list }, { cluster: list[0].cluster, namespace: list[0].namespace });
  }

  /** With a shared store: runs of one Function in id order, each with the exact position after it (the feed hands them in order). */
  private publishRuns(entries: TimelineEntry[], span: "timeline" | "audit", handed: StorePosition): void {
    const runs = span === "audit" ? entries.map((e) => ({ functionId: `${e.cluster}/${e.namespace}/${e.name}`, entries: [e], position: handed })) : liveRuns(entryRuns(entries, handed, handed.timeline));
    if (runs.length > (this.opts.bulkResetThreshold ?? 2_000)) {
      this.publish("reset", { reason: `${runs.length} timelines changed at once: refetch` });
      return;
    }
    for (const run of runs) {
      const first = run.entries[0];
      this.publish("timeline", { functionId: run.functionId, entries: run.entries }, { cluster: first.cluster, namespace: first.namespace }, { position: run.position, span });
    }
  }
}

/**
 * Whether a timeline entry is news for the live streams. A first sight's entries seeded from the
 * times the object carries (`source: "reconstructed"`, lib/domain/timeline/observe.ts: the
 * fleet's first list, GetFunction's first pass) are history, not a change happening now: a
 * browser that shows a Function's timeline reads them from the store. At 50,000 Functions they
 * were ~150,000 entries in the first two minutes, each made into a stream event's JSON, kept in
 * the ring (pushing out the row events a reconnecting browser resumes from) and fanned out to
 * every open stream, on the one event loop that answers the list.
 */
export function isChange(e: TimelineEntry): boolean {
  return e.source !== "reconstructed";
}

/** Runs with their first-sight entries left out (isChange); a run left empty is not sent, the next event's position covers it. */
function liveRuns(runs: EntryRun[]): EntryRun[] {
  const out: EntryRun[] = [];
  for (const run of runs) {
    const entries = run.entries.filter(isChange);
    if (entries.length === run.entries.length) out.push(run);
    else if (entries.length > 0) out.push({ ...run, entries });
  }
  return out;
}
