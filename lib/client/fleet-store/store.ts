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
 * top of it, so none is lost in between.
 *
 * Rows are loaded in pages by the API's cursor, a small first page so that rows show at once,
 * shown as the pages arrive (`progress`: n of N). A row whose sort key changes between two pages
 * may come in both (the later one wins) or in neither: when the last page is in, the rows
 * changed since the first page's version (`?since=`) are applied, then the stream events newer
 * than that. Once loaded, a reload (a stream reconnect or reset, a poll while the stream is
 * down) asks only for the rows changed since the store's version; when the server cannot tell
 * (another process, too old), the rows are loaded in pages again and replace the old ones when
 * all are in. Components only see this store.
 *
 * The first page may come with the page's HTML instead (`seed`: the server rendered the
 * overview with it, app/page.tsx): it is shown at once, and the first load goes on from it: the
 * later pages from its cursor, then the rows changed since its version (or only those when it
 * was the whole fleet), so nothing that changed between the server's render and the stream's
 * start is lost. Stream events no newer than it are already in it and are not applied again.
 */
import { isStaleCluster } from "@/lib/domain/fleet-summary";
import { FIRST_PAGE_ROWS, type AwsAccountStatus, type ClusterSummary, type FunctionDeltaResponse, type FunctionListResponse, type ListedRow } from "@/lib/domain/wire/fleet";
import type { ClustersEvent, RowEvent } from "@/lib/domain/wire/stream";
import { BASE_POLL_MS, pollIntervalFor } from "../poll-interval";
import { EMPTY_FACETS, indexFor, rowIndexOf, type RowFacets } from "./row-index";

export type FleetDemand = "summaries" | "rows";

export interface FleetState {
  /** What has been loaded so far. */
  loaded: "nothing" | FleetDemand;
  rows: readonly ListedRow[];
  /** Health counts and namespaces of `rows`, kept as rows change (./row-index.ts). */
  facets: RowFacets;
  clusters: readonly ClusterSummary[];
  awsAccounts: readonly AwsAccountStatus[];
  /** Functions the server has; more than rows.length when the list was cut at its limit. */
  total: number | null;
  /** When the server made the last list loaded. */
  generatedAt: string | null;
  /** Why the last load failed (null after a good one): with data shown, the data is older than it looks. */
  error: string | null;
  /** While the rows load in pages: how many are in, of how many. */
  progress: { loaded: number; total: number } | null;
}

export interface FleetLoader {
  /** One page of rows after `cursor` (null: the first), with the summaries. */
  loadPage(cursor: string | null, limit: number, signal: AbortSignal): Promise<FunctionListResponse>;
  /** The rows changed since `version`; null when the server cannot tell (then the store loads pages). */
  loadDelta(since: string, signal: AbortSignal): Promise<FunctionDeltaResponse | null>;
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
  /**
   * Shows `firstPage` (the server's first page, rendered with the HTML) while the store holds no
   * rows and loads none; the next load of the rows goes on from it. Listeners hear of it in a
   * microtask (it is called while React renders). Returns the state it made (also when this
   * very page was taken before: React's StrictMode renders twice), null when it was not taken.
   */
  seed(firstPage: FunctionListResponse): FleetState | null;
  /** Stops polling and loading, until something is asked again (tests; React StrictMode remounts in development). */
  dispose(): void;
}

const EMPTY: FleetState = { loaded: "nothing", rows: [], facets: EMPTY_FACETS, clusters: [], awsAccounts: [], total: null, generatedAt: null, error: null, progress: null };

export interface PageSizes {
  /** The first page: small, so that the first rows show fast. */
  first: number;
  /** Every later page (the API allows up to 20,000). */
  rest: number;
}

const PAGE_SIZES: PageSizes = { first: FIRST_PAGE_ROWS, rest: 5_000 };

/** A load under way, with the stream events applied meanwhile (applied again on top of it). */
interface Loading {
  what: FleetDemand;
  controller: AbortController;
  events: FleetStreamEvent[];
  done: Promise<void>;
}

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

export function createFleetStore(loader: FleetLoader, live: LiveSignal, pageSizes: PageSizes = PAGE_SIZES): FleetStore {
  let state: FleetState = EMPTY;
  const listeners = new Set<() => void>();
  const demands = { summaries: 0, rows: 0 };
  let loading: Loading | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  /** The stream position of what the store holds: the list's version, then each event applied. */
  let version: string | null = null;
  /** The first page taken by `seed`, until the load that goes on from it is done. */
  let seeded: FunctionListResponse | null = null;
  /** The state the last seed made, with its page. */
  let seedMade: { page: FunctionListResponse; state: FleetState } | null = null;

  const wanted = (): FleetDemand | null => (demands.rows ? "rows" : demands.summaries ? "summaries" : null);

  function set(next: FleetState): void {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  }

  /** `rowsAreNew`: the rows just came from a load (check each); else only the clusters whose staleness changed are. */
  function withClusters(s: FleetState, clusters: readonly ClusterSummary[], awsAccounts?: readonly AwsAccountStatus[], rowsAreNew = false): FleetState {
    // A row is stale exactly while its cluster is not connected: one clusters event restales every row of it.
    const byName = new Map(clusters.map((c) => [c.name, c]));
    const before = new Map(s.clusters.map((c) => [c.name, isStaleCluster(c)]));
    const restaled = new Set(clusters.filter((c) => rowsAreNew || before.get(c.name) !== isStaleCluster(c)).map((c) => c.name));
    // At 50,000 rows a clusters event (up to one a second) must not walk every row when nothing changed.
    if (restaled.size === 0) return { ...s, clusters, awsAccounts: awsAccounts ?? s.awsAccounts };
    const changes = new Map<string, ListedRow>();
    for (const r of s.rows) {
      if (!restaled.has(r.cluster)) continue;
      const stale = isStaleCluster(byName.get(r.cluster));
      if (Boolean(r.stale) !== stale) changes.set(r.id, { ...r, stale });
    }
    const index = indexFor(s.rows).apply(changes);
    return { ...s, clusters, awsAccounts: awsAccounts ?? s.awsAccounts, rows: index.rows, facets: index.facets };
  }

  function applyTo(s: FleetState, events: readonly FleetStreamEvent[]): FleetState {
    const rowChanges = new Map<string, ListedRow | null>();
    let next = s;
    for (const e of events) {
      if (e.type === "row") rowChanges.set(e.data.id, e.data.row);
      else next = withClusters(next, e.data.clusters, e.data.awsAccounts);
    }
    // Rows are only followed once they are loaded: before that, the load brings them.
    if (rowChanges.size === 0 || next.loaded !== "rows") return next;
    // One change per row changed, not a walk of every row (./row-index.ts).
    const index = indexFor(next.rows).apply(rowChanges);
    const delta = index.rows.length - next.rows.length;
    return { ...next, rows: index.rows, facets: index.facets, total: next.total === null ? null : next.total + delta };
  }

  /** `base` made at `at` (a list's or a delta's version), with the stream events newer than it on top. */
  function settle(current: Loading, base: FleetState, at: string | undefined): void {
    const later = current.events.filter((e) => newerThan(e.id, at));
    version = at ?? null;
    for (const e of later) if (e.id && newerThan(e.id, version ?? undefined)) version = e.id;
    set(applyTo(base, later));
  }

  type Envelope = Pick<FunctionListResponse, "generatedAt" | "clusters" | "awsAccounts">;
  const withRows = (rows: Map<string, ListedRow>, from: Envelope, progress: FleetState["progress"]): FleetState => {
    const index = rowIndexOf(rows.values());
    return withClusters(
      { ...state, loaded: "rows", rows: index.rows, facets: index.facets, total: progress ? progress.total : rows.size, generatedAt: from.generatedAt, error: null, progress },
      from.clusters,
      from.awsAccounts ?? [],
      true,
    );
  };

  /** Every row in pages; shown as they arrive when nothing was shown before, or only a seeded first page. */
  async function loadPages(current: Loading, from?: { first: FunctionListResponse; cursor: string }): Promise<void> {
    const { signal } = current.controller;
    const shownAsTheyCome = state.loaded !== "rows" || from !== undefined;
    // Going on from a seeded first page: its rows as shown (with the stream events applied since).
    const rows = new Map<string, ListedRow>(from ? state.rows.map((r) => [r.id, r]) : []);
    let first: FunctionListResponse | null = from?.first ?? null;
    let envelope: Envelope | null = first;
    let cursor: string | null = from?.cursor ?? null;
    do {
      const page: FunctionListResponse = await loader.loadPage(cursor, first ? pageSizes.rest : pageSizes.first, signal);
      if (signal.aborted || disposed) return;
      first ??= page;
      envelope = page;
      for (const r of page.items) rows.set(r.id, r);
      cursor = page.nextCursor ?? null;
      // A single page is all there is; after several, the last one shows while the delta loads.
      if (!cursor && first === page) break;
      const progress = { loaded: rows.size, total: Math.max(page.total ?? 0, rows.size) };
      if (shownAsTheyCome) settle(current, withRows(rows, page, progress), first.version);
      else set({ ...state, progress });
    } while (cursor);
    let at = first?.version;
    if (at && first !== envelope) {
      // Rows that moved between pages: those changed since the first page.
      const delta = await loader.loadDelta(at, signal);
      if (signal.aborted || disposed) return;
      if (delta) {
        for (const r of delta.changed) rows.set(r.id, r);
        for (const id of delta.removed) rows.delete(id);
        envelope = delta;
        at = delta.version;
      }
    }
    settle(current, withRows(rows, envelope!, null), at);
  }

  /** The rows changed since the store's version, on top of what it holds; false when the server cannot tell. */
  async function loadDelta(current: Loading, since: string): Promise<boolean> {
    const { signal } = current.controller;
    const delta = await loader.loadDelta(since, signal);
    if (signal.aborted || disposed) return true;
    if (!delta) return false;
    const changes: FleetStreamEvent[] = [
      ...delta.changed.map((row): FleetStreamEvent => ({ type: "row", id: null, data: { id: row.id, row } })),
      ...delta.removed.map((id): FleetStreamEvent => ({ type: "row", id: null, data: { id, row: null } })),
    ];
    const base = applyTo(withClusters({ ...state, generatedAt: delta.generatedAt, error: null }, delta.clusters, delta.awsAccounts ?? []), changes);
    settle(current, { ...base, total: base.rows.length }, delta.version);
    return true;
  }

  async function loadSummaries(current: Loading): Promise<void> {
    const { signal } = current.controller;
    const list = await loader.loadSummaries(signal);
    if (signal.aborted || disposed) return;
    const base = withClusters(
      { ...state, loaded: state.loaded === "rows" ? "rows" : "summaries", generatedAt: list.generatedAt, error: null },
      list.clusters,
      list.awsAccounts ?? [],
    );
    settle(current, base, list.version);
  }

  async function load(what: FleetDemand): Promise<void> {
    if (loading && (loading.what === what || loading.what === "rows")) return loading.done;
    loading?.controller.abort();
    const controller = new AbortController();
    const current: Loading = { what, controller, events: [] as FleetStreamEvent[], done: Promise.resolve() };
    loading = current;
    current.done = (async () => {
      try {
        if (what === "summaries") await loadSummaries(current);
        else if (seeded) await goOnFrom(current, seeded);
        else if (!(state.loaded === "rows" && version && (await loadDelta(current, version)))) await loadPages(current);
      } catch (err) {
        if (controller.signal.aborted || disposed) return;
        set({ ...state, error: err instanceof Error ? err.message : String(err), progress: null });
      } finally {
        if (loading === current) loading = null;
        schedulePoll();
      }
    })();
    return current.done;
  }

  /** The first load after a seed: the later pages from its cursor, or what changed since it. */
  async function goOnFrom(current: Loading, first: FunctionListResponse): Promise<void> {
    if (first.nextCursor) await loadPages(current, { first, cursor: first.nextCursor });
    else if (!(first.version && (await loadDelta(current, first.version)))) await loadPages(current);
    if (!current.controller.signal.aborted && !disposed && seeded === first) seeded = null;
  }

  function schedulePoll(): void {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    const what = wanted();
    if (disposed || !what || live.isLive() || loading) return;
    const interval = what === "rows" ? pollIntervalFor(state.rows.length, loader.lastCostMs()) : BASE_POLL_MS;
    pollTimer = setTimeout(() => void load(what), interval);
  }

  let unsubscribeLive = live.subscribe(schedulePoll);

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    demand(what) {
      if (disposed) {
        // Asked again after dispose: React's StrictMode (development) unmounts and mounts every
        // effect once, the provider's dispose included; the store starts again.
        disposed = false;
        unsubscribeLive = live.subscribe(schedulePoll);
      }
      demands[what]++;
      const have = state.loaded === "rows" || state.loaded === what;
      if (!have || (what === "rows" && seeded)) void load(what);
      else schedulePoll();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        demands[what]--;
        schedulePoll();
      };
    },
    apply(all) {
      // Row events up to a seeded first page's version are in it already (an older one would undo a newer row).
      const events = seeded ? all.filter((e) => e.type !== "row" || newerThan(e.id, seeded?.version)) : all;
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
      if (!seeded && streamId && version && !newerThan(streamId, version)) return;
      return load(what);
    },
    seed(firstPage) {
      if (seedMade?.page === firstPage) return seedMade.state;
      if (state.loaded === "rows" || loading?.what === "rows") return null;
      const rows = new Map(firstPage.items.map((r) => [r.id, r]));
      const progress = firstPage.nextCursor ? { loaded: rows.size, total: Math.max(firstPage.total ?? 0, rows.size) } : null;
      // Set without telling: React is rendering (the caller's own snapshot is read right after).
      state = withRows(rows, firstPage, progress);
      version = firstPage.version ?? null;
      seeded = firstPage;
      seedMade = { page: firstPage, state };
      queueMicrotask(() => {
        for (const l of listeners) l();
      });
      return state;
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
