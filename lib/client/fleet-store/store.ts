/**
 * The browser's one store of the fleet: every row, each cluster's summary and each AWS
 * account's status. The overview's table, its health summary and filter counts, and the
 * header's cluster badges all read it, so they always agree.
 *
 * It is fed by the live stream (GET /api/stream: row and clusters events, applied in place) and
 * loaded through a FleetLoader: once when first asked for, again when the stream says it may
 * have missed something (a fresh connection, a reset), and every poll interval only while the
 * stream is down. Nothing polls while the stream is live.
 *
 * What is loaded follows what is asked for: the cluster summaries (the header, on every page)
 * or the rows too (the overview). A list answer names the stream position it was made at
 * (`version`): stream events that arrive while it loads and are newer than it are applied on
 * top of it, so none is lost in between. A later loader may load pages, or a delta since a
 * version, behind the same interface: components only see this store.
 */
import { isStaleCluster } from "@/lib/domain/fleet-summary";
import type { AwsAccountStatus, ClusterSummary, FunctionListResponse, FunctionRow } from "@/lib/domain/wire/fleet";
import type { ClustersEvent, RowEvent } from "@/lib/domain/wire/stream";
import { BASE_POLL_MS, pollIntervalFor } from "../poll-interval";

export type FleetDemand = "summaries" | "rows";

export interface FleetState {
  /** What has been loaded so far. */
  loaded: "nothing" | FleetDemand;
  rows: readonly FunctionRow[];
  clusters: readonly ClusterSummary[];
  awsAccounts: readonly AwsAccountStatus[];
  /** Functions the server has; more than rows.length when the list was cut at its limit. */
  total: number | null;
  /** When the server made the last list loaded. */
  generatedAt: string | null;
  /** Why the last load failed (null after a good one): with data shown, the data is older than it looks. */
  error: string | null;
}

export interface FleetLoader {
  /** Every row (up to the API's limit), with the summaries. */
  loadRows(signal: AbortSignal): Promise<FunctionListResponse>;
  /** The cluster summaries and AWS accounts only. */
  loadSummaries(signal: AbortSignal): Promise<FunctionListResponse>;
  /** Wall time of the last load, which sets a floor to the poll interval. */
  lastCostMs(): number;
}

/** Whether the stream is live now, and when that changes (lib/client/stream-status.ts). */
export interface LiveSignal {
  isLive(): boolean;
  subscribe(listener: () => void): () => void;
}

/** A stream event the store applies, with its id (`<epoch>-<seq>`). */
export type FleetStreamEvent = { id: string | null } & ({ type: "row"; data: RowEvent } | { type: "clusters"; data: ClustersEvent });

export interface FleetStore {
  getState(): FleetState;
  subscribe(listener: () => void): () => void;
  /** Asks for the summaries or the rows too while the returned function is not called. */
  demand(what: FleetDemand): () => void;
  /** Applies stream events in order, in one change. */
  apply(events: readonly FleetStreamEvent[]): void;
  /** Loads again what is asked for (the stream may have missed something). */
  reload(): Promise<void>;
  /**
   * The stream (re)starts at `streamId` without replaying what came before: loads again only
   * when what the store holds is older than that (events in between were missed).
   */
  resync(streamId: string | null): Promise<void>;
  /** Stops polling and loading (tests; a store is one per page otherwise). */
  dispose(): void;
}

const EMPTY: FleetState = { loaded: "nothing", rows: [], clusters: [], awsAccounts: [], total: null, generatedAt: null, error: null };

/** `<epoch>-<seq>` of the live hub (lib/server/live/live-hub.ts). */
function position(id: string | null | undefined): { epoch: string; seq: number } | null {
  const m = id ? /^([0-9a-z]+)-(\d+)$/.exec(id) : null;
  return m ? { epoch: m[1], seq: Number(m[2]) } : null;
}

/** True when the event came after the list was made (and so is not in it). */
function newerThan(eventId: string | null, version: string | undefined): boolean {
  const e = position(eventId);
  const v = position(version);
  return !e || !v || e.epoch !== v.epoch || e.seq > v.seq;
}

export function createFleetStore(loader: FleetLoader, live: LiveSignal): FleetStore {
  let state: FleetState = EMPTY;
  const listeners = new Set<() => void>();
  const demands = { summaries: 0, rows: 0 };
  let loading: { what: FleetDemand; controller: AbortController; events: FleetStreamEvent[]; done: Promise<void> } | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  /** The stream position of what the store holds: the list's version, then each event applied. */
  let version: string | null = null;

  const wanted = (): FleetDemand | null => (demands.rows ? "rows" : demands.summaries ? "summaries" : null);

  function set(next: FleetState): void {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  }

  function withClusters(s: FleetState, clusters: readonly ClusterSummary[], awsAccounts?: readonly AwsAccountStatus[]): FleetState {
    // A row is stale exactly while its cluster is not connected: one clusters event restales every row of it.
    const byName = new Map(clusters.map((c) => [c.name, c]));
    let changed = false;
    const rows = s.rows.map((r) => {
      if (!byName.has(r.cluster)) return r;
      const stale = isStaleCluster(byName.get(r.cluster));
      if (Boolean(r.stale) === stale) return r;
      changed = true;
      return { ...r, stale };
    });
    return { ...s, clusters, awsAccounts: awsAccounts ?? s.awsAccounts, rows: changed ? rows : s.rows };
  }

  function applyTo(s: FleetState, events: readonly FleetStreamEvent[]): FleetState {
    const rowChanges = new Map<string, FunctionRow | null>();
    let next = s;
    for (const e of events) {
      if (e.type === "row") rowChanges.set(e.data.id, e.data.row);
      else next = withClusters(next, e.data.clusters, e.data.awsAccounts);
    }
    // Rows are only followed once they are loaded: before that, the load brings them.
    if (rowChanges.size === 0 || next.loaded !== "rows") return next;
    const rows: FunctionRow[] = [];
    for (const r of next.rows) {
      if (!rowChanges.has(r.id)) rows.push(r);
      else {
        const changed = rowChanges.get(r.id);
        rowChanges.delete(r.id);
        if (changed) rows.push(changed);
      }
    }
    for (const r of rowChanges.values()) if (r) rows.push(r);
    const delta = rows.length - next.rows.length;
    return { ...next, rows, total: next.total === null ? null : next.total + delta };
  }

  async function load(what: FleetDemand): Promise<void> {
    if (loading && (loading.what === what || loading.what === "rows")) return loading.done;
    loading?.controller.abort();
    const controller = new AbortController();
    const current = { what, controller, events: [] as FleetStreamEvent[], done: Promise.resolve() };
    loading = current;
    current.done = (async () => {
      try {
        const list = what === "rows" ? await loader.loadRows(controller.signal) : await loader.loadSummaries(controller.signal);
        if (controller.signal.aborted || disposed) return;
        const base = withClusters(
          {
            ...state,
            loaded: what === "rows" ? "rows" : state.loaded === "rows" ? "rows" : "summaries",
            rows: what === "rows" ? list.items : state.rows,
            total: what === "rows" ? (list.total ?? list.items.length) : state.total,
            generatedAt: list.generatedAt,
            error: null,
          },
          list.clusters,
          list.awsAccounts ?? [],
        );
        const later = current.events.filter((e) => newerThan(e.id, list.version));
        version = list.version ?? null;
        for (const e of later) if (e.id && newerThan(e.id, version ?? undefined)) version = e.id;
        set(applyTo(base, later));
      } catch (err) {
        if (controller.signal.aborted || disposed) return;
        set({ ...state, error: err instanceof Error ? err.message : String(err) });
      } finally {
        if (loading === current) loading = null;
        schedulePoll();
      }
    })();
    return current.done;
  }

  function schedulePoll(): void {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    const what = wanted();
    if (disposed || !what || live.isLive() || loading) return;
    const interval = what === "rows" ? pollIntervalFor(state.rows.length, loader.lastCostMs()) : BASE_POLL_MS;
    pollTimer = setTimeout(() => void load(what), interval);
  }

  const unsubscribeLive = live.subscribe(schedulePoll);

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    demand(what) {
      demands[what]++;
      const have = state.loaded === "rows" || state.loaded === what;
      if (!have) void load(what);
      else schedulePoll();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        demands[what]--;
        schedulePoll();
      };
    },
    apply(events) {
      if (events.length === 0) return;
      loading?.events.push(...events);
      for (const e of events) if (e.id && newerThan(e.id, version ?? undefined)) version = e.id;
      set(applyTo(state, events));
    },
    reload() {
      const what = wanted();
      return what ? load(what) : Promise.resolve();
    },
    async resync(streamId) {
      if (loading) await loading.done;
      const what = wanted();
      // Nothing loaded yet: the first load brings everything up to its own version.
      if (!what || state.loaded === "nothing") return;
      if (streamId && version && !newerThan(streamId, version)) return;
      return load(what);
    },
    dispose() {
      disposed = true;
      unsubscribeLive();
      loading?.controller.abort();
      if (pollTimer) clearTimeout(pollTimer);
      listeners.clear();
    },
  };
}
