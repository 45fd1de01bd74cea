import "server-only";
import { randomBytes } from "node:crypto";
import type { AwsAccountStatus, ClusterSummary, FunctionRow } from "@/lib/domain/wire/fleet";
import type { ClustersEvent, ResetEvent, RowEvent, TimelineEvent } from "@/lib/domain/wire/stream";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { auditToEntry, type AuditLike } from "@/lib/domain/timeline/events";
import type { FleetEvents } from "../fleet/events";

/**
 * The live feed behind GET /api/stream: row changes, new timeline entries and cluster
 * summaries, each with an id `<epoch>-<seq>`. The last `ringSize` events are kept so that a
 * browser reconnecting with Last-Event-ID gets exactly what it missed; when that is no longer
 * possible (too old, or the server restarted: another epoch) it is told to `reset`, i.e. to
 * refetch. Row changes are coalesced per Function for `coalesceMs` (a row is a state: only
 * the latest matters); timeline entries never are (they are history).
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
  coalesceMs?: number;
  /** More row changes than this in one window: one `reset` instead (a relist of a big fleet). */
  bulkResetThreshold?: number;
  /** At most one cluster summaries event this often. */
  clustersThrottleMs?: number;
  now?: () => number;
}

export interface LiveSources {
  fleet: FleetEvents & { clusterSummaries(): ClusterSummary[]; awsAccounts?(): AwsAccountStatus[] };
  recorder?: { onEntries(fn: (entries: TimelineEntry[]) => void): () => void };
  audit?: { subscribe(fn: (entry: AuditLike) => void): () => void };
}

export type Replay = { events: LiveEvent[] } | { reset: string };

export class LiveHub {
  readonly epoch = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  private seq = 0;
  private readonly ring: LiveEvent[] = [];
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

  constructor(private readonly opts: LiveHubOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  get lastId(): string {
    return `${this.epoch}-${this.seq}`;
  }

  publish<K extends LiveEventType>(type: K, payload: LivePayloads[K], place?: LiveEvent["place"]): LiveEvent {
    this.seq++;
    const event: LiveEvent = { id: `${this.epoch}-${this.seq}`, seq: this.seq, type, data: JSON.stringify(payload), ...(place ? { place } : {}) };
    this.ring.push(event);
    const max = this.opts.ringSize ?? 5_000;
    if (this.ring.length > max) this.ring.splice(0, this.ring.length - max);
    for (const s of this.subscribers) {
      try {
        s(event);
      } catch {
        /* one subscriber's failure is its own */
      }
    }
    return event;
  }

  /** What a client that last saw `lastEventId` missed, or why it must refetch instead. */
  replay(lastEventId: string | null): Replay {
    if (lastEventId === null || lastEventId === "") return { events: [] };
    const m = /^([0-9a-z]{1,40})-(\d{1,15})$/.exec(lastEventId);
    if (!m) return { reset: "the Last-Event-ID is not one of this server's event ids" };
    // Another epoch: this process restarted, or (several replicas) another replica sent that id.
    if (m[1] !== this.epoch) return { reset: "the last event came from another server process (a restart, or another replica)" };
    const seq = Number(m[2]);
    if (seq > this.seq) return { reset: "the Last-Event-ID is newer than this server's last event" };
    const oldest = this.ring.length ? this.ring[0].seq : this.seq + 1;
    if (seq < oldest - 1) return { reset: "the events since the Last-Event-ID are no longer kept" };
    return { events: this.ring.filter((e) => e.seq > seq) };
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
    const publishClusters = () => {
      this.clustersDue = false;
      this.clustersAt = this.now();
      this.publish("clusters", { clusters: src.fleet.clusterSummaries(), ...(src.fleet.awsAccounts ? { awsAccounts: src.fleet.awsAccounts() } : {}) });
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
    if (src.audit) this.detach.push(src.audit.subscribe((a) => this.publishEntries([auditToEntry(a)])));
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
    for (const [id, row] of rows) {
      const place = row ? { cluster: row.cluster, namespace: row.namespace } : this.places.get(id);
      if (!row) this.places.delete(id);
      this.publish("row", { id, row }, place);
    }
  }

  private publishEntries(entries: TimelineEntry[]): void {
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
}
