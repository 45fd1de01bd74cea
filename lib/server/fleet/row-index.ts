import "server-only";
import type { HealthCounts } from "@/lib/domain/fleet-summary";
import { compareSortKeys, filterKey, hasFilter, matchesRow, pageOfSorted, rowSortKey, type KeyedRow, type KeyedRows, type RowPage, type RowQuery, type SortKeyTuple } from "@/lib/domain/row-query";
import { listedRowWire, type FunctionRow } from "@/lib/domain/wire/fleet";
import { SortedBlocks, type BlockWork } from "./sorted-blocks";

/**
 * The fleet's rows, kept up to date one change at a time, with what the list API needs ready:
 * - a version, bumped on every change, that names what the rows are (caches key on it);
 * - each sort order (field × direction) kept sorted: a change moves one row (two binary
 *   searches), instead of sorting the whole fleet per request or per change;
 * - each filtered list (filter × order) kept the same way while it is asked for: a change
 *   moves, adds or drops one row, instead of filtering the whole fleet per version;
 * - the health counts per cluster, kept one change at a time (the list's cluster summaries);
 * - each row's JSON text, made once per row object (rows are replaced, never mutated).
 * Built by the fleet (./fleet.ts); the list route reads it.
 */
interface SortedOrder {
  desc: boolean;
  field: RowQuery["sort"];
  /** A filtered list holds only the rows that match (lib/domain/row-query.ts matchesRow). */
  matches: ((r: FunctionRow) => boolean) | null;
  /** In blocks (./sorted-blocks.ts): a changed row shifts only the entries of two blocks. */
  keyed: SortedBlocks;
  keyOf: Map<string, SortKeyTuple>;
  /** Rows changed since this order was last brought up to date (null value: removed). */
  pending: Set<string>;
  /** Too many changed to move one by one: sorted anew when next asked for. */
  stale: boolean;
  /** When it was last asked for (a counter): the order asked for longest ago goes first. */
  used: number;
}

interface PerVersion {
  version: number;
  memo: Map<string, unknown>;
  /** What the memos say they hold, in bytes (list bodies: up to 15 MB for 20,000 rows). */
  bytes: number;
}

/**
 * Memos of one version hold at most this many entries and bytes (a client paging deep, or many
 * distinct query strings, make many bodies; a 500-row body is about 0.8 MB).
 */
const MEMO_ENTRIES = 256;
const MEMO_BYTES = 16 * 1024 * 1024;

/** Filtered lists kept at once; past it the one asked for longest ago goes. */
const FILTERED_ORDERS = 32;

/**
 * Rows held by all kept orders together, sorted and filtered (about 150 bytes a row: the entry,
 * its key tuple and its place in keyOf): at most this many times the fleet, plus a floor for
 * small fleets. Beyond it the orders asked for longest ago go, whatever query strings made them
 * (twenty sort orders of 50,000 rows would otherwise hold 150 MB).
 */
const ORDER_ROWS_PER_FUNCTION = 4;
const ORDER_ROWS_FLOOR = 20_000;

/** Replaced rows remembered for takeReplaced() between two calls, at most (a fleet nobody lists for a while). */
const REPLACED_MAX = 4096;
/** Beyond this share of changed rows, sorting anew is cheaper than moving them one by one. */
const RESORT_SHARE = 0.125;

/** The stale flag as listedRowWire's JSON text carries it (RowIndex.withStale). */
const STALE_JSON = ',"stale":true';

/** The comparator of a kept order's sort keys. */
const byKeys = (desc: boolean) => (a: SortKeyTuple, b: SortKeyTuple) => compareSortKeys(a, b, desc);

export class RowIndex {
  private readonly byId = new Map<string, FunctionRow>();
  private readonly orders = new Map<string, SortedOrder>();
  private readonly filteredOrders = new Map<string, SortedOrder>();
  private readonly counts = new Map<string, HealthCounts>();
  private versionNow = 0;
  private snapshot: { version: number; rows: FunctionRow[] } | null = null;
  /** Per version: anything a caller keeps (pages, bodies). */
  private perVersion: PerVersion = { version: 0, memo: new Map(), bytes: 0 };
  private readonly json = new WeakMap<FunctionRow, string>();
  private asked = 0;
  /** Row objects replaced or removed since takeReplaced() was last called; null: more than REPLACED_MAX (look at every one). */
  private replaced: FunctionRow[] | null = [];
  /** Entries the kept orders shifted or copied to stay sorted, all orders together (tests and benchmarks). */
  private readonly work: BlockWork = { shifted: 0 };

  get version(): number {
    return this.versionNow;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): FunctionRow | null {
    return this.byId.get(id) ?? null;
  }

  /** A row changed (null: gone). The same row object again changes nothing. */
  set(id: string, row: FunctionRow | null): void {
    const before = this.byId.get(id) ?? null;
    if (before === row) return;
    if (row) this.byId.set(id, row);
    else this.byId.delete(id);
    if (before) this.count(before, -1);
    if (row) this.count(row, 1);
    if (before && this.replaced) {
      this.replaced.push(before);
      if (this.replaced.length > REPLACED_MAX) this.replaced = null;
    }
    for (const o of this.orders.values()) this.pend(o, id);
    for (const o of this.filteredOrders.values()) this.pend(o, id);
    this.bump();
  }

  /**
   * Notes a changed row for an order. An order not asked for in a while would collect every id
   * of the fleet (32 filtered lists × 50,000 ids): past the re-sort share it forgets them and
   * sorts anew when next asked for.
   */
  private pend(o: SortedOrder, id: string): void {
    if (o.stale) return;
    o.pending.add(id);
    if (o.pending.size > this.byId.size * RESORT_SHARE) {
      o.stale = true;
      o.pending.clear();
    }
  }

  /** Rows per cluster and health, as healthCountsByCluster(rows()) counts them (a copy: callers keep it). */
  healthCounts(): Map<string, HealthCounts> {
    const copy = new Map<string, HealthCounts>();
    for (const [cluster, c] of this.counts) copy.set(cluster, { ...c });
    return copy;
  }

  private count(row: FunctionRow, by: 1 | -1): void {
    const health = row.verdict.health;
    const c = this.counts.get(row.cluster) ?? {};
    const n = (c[health] ?? 0) + by;
    if (n) c[health] = n;
    else delete c[health];
    if (Object.keys(c).length) this.counts.set(row.cluster, c);
    else this.counts.delete(row.cluster);
  }

  /** Something the rows do not hold but a list answer does changed (cluster summaries, accounts). */
  bump(): void {
    this.versionNow++;
  }

  /**
   * The row objects replaced or removed since the last call (null: too many were, any kept row
   * may be one), and starts over: what lib/server/fleet/list-answer.ts keeps of earlier pages
   * is looked at for these rows only, not every kept row per version.
   */
  takeReplaced(): readonly FunctionRow[] | null {
    const out = this.replaced;
    this.replaced = [];
    return out;
  }

  /** Every row, as one array per version (callers must not mutate it). */
  rows(): FunctionRow[] {
    if (this.snapshot?.version !== this.versionNow) this.snapshot = { version: this.versionNow, rows: [...this.byId.values()] };
    return this.snapshot.rows;
  }

  /** The row's JSON text as lists and the stream carry it (listedRowWire), made once per row object. */
  rowJson(row: FunctionRow): string {
    let text = this.json.get(row);
    if (text === undefined) {
      text = JSON.stringify(listedRowWire(row));
      this.json.set(row, text);
    }
    return text;
  }

  /**
   * The row with its `stale` flag set to `stale` (a copy: rows are never mutated), whose JSON
   * text, if the row's was made, is the row's with only that flag put in or taken out rather
   * than made again. A cluster's rows are stale until its first list is complete, then all
   * copied with `stale: false` (Fleet.clusterChanged): at a cold start every row's text was made
   * twice, for the live hub's row event and again for the first list read after the connect.
   * listedRowWire writes `"stale":true` last but for `observedAt` (a timestamp string, so neither
   * can appear inside it), so the last `,"stale":true` of the text is the flag.
   */
  withStale(row: FunctionRow, stale: boolean): FunctionRow {
    const next: FunctionRow = { ...row, stale };
    const text = this.json.get(row);
    if (text === undefined || Boolean(row.stale) === stale) return next;
    if (!stale) {
      const at = text.lastIndexOf(STALE_JSON);
      if (at >= 0) this.json.set(next, text.slice(0, at) + text.slice(at + STALE_JSON.length));
    } else {
      const at = row.observedAt !== undefined ? text.lastIndexOf(',"observedAt":') : text.length - 1;
      if (at >= 0) this.json.set(next, text.slice(0, at) + STALE_JSON + text.slice(at));
    }
    return next;
  }

  /** Filters, sorts and pages as applyRowQuery does (lib/domain/row-query.ts), from the kept orders. */
  query(q: RowQuery): RowPage {
    return pageOfSorted(this.filtered(q), q);
  }

  /**
   * What `make` gives for `key` at this version, made once per version. The list route keeps
   * its answers here; a new version drops them all.
   */
  memo<T>(key: string, make: () => T, bytesOf: (value: T) => number = () => 0): T {
    const cache = this.current();
    if (cache.memo.has(key)) return cache.memo.get(key) as T;
    const value = make();
    const bytes = bytesOf(value);
    // Bounded: a few views per version are typical; past the bounds start the version's memos afresh.
    if (cache.memo.size >= MEMO_ENTRIES || cache.bytes + bytes > MEMO_BYTES) {
      cache.memo.clear();
      cache.bytes = 0;
    }
    cache.memo.set(key, value);
    cache.bytes += bytes;
    return value;
  }

  /** What the caches hold now: kept orders and their rows, this version's memos (tests and benchmarks read it). */
  footprint(): { orders: number; orderRows: number; memoEntries: number; memoBytes: number; shiftedEntries: number } {
    let orderRows = 0;
    for (const o of this.orders.values()) orderRows += o.keyed.length;
    for (const o of this.filteredOrders.values()) orderRows += o.keyed.length;
    const memo = this.current();
    return { orders: this.orders.size + this.filteredOrders.size, orderRows, memoEntries: memo.memo.size, memoBytes: memo.bytes, shiftedEntries: this.work.shifted };
  }

  private current(): PerVersion {
    if (this.perVersion.version !== this.versionNow) this.perVersion = { version: this.versionNow, memo: new Map(), bytes: 0 };
    return this.perVersion;
  }

  private filtered(q: RowQuery): KeyedRows {
    const desc = q.order === "desc";
    if (!hasFilter(q)) return this.upToDate(this.orders, `${q.sort}/${desc ? "desc" : "asc"}`, () => this.newOrder(q.sort, desc, null));
    const name = `${filterKey(q)}${q.sort}/${desc ? "desc" : "asc"}`;
    const kept = this.filteredOrders.get(name);
    if (kept) {
      // Asked for again: the most recent in the Map's order (the oldest goes first).
      this.filteredOrders.delete(name);
      this.filteredOrders.set(name, kept);
    } else if (this.filteredOrders.size >= FILTERED_ORDERS) {
      this.filteredOrders.delete(this.filteredOrders.keys().next().value!);
    }
    const filter = { cluster: q.cluster, namespace: q.namespace, health: q.health, q: q.q };
    return this.upToDate(this.filteredOrders, name, () => this.newOrder(q.sort, desc, (r) => matchesRow(r, filter)));
  }

  private newOrder(field: RowQuery["sort"], desc: boolean, matches: SortedOrder["matches"]): SortedOrder {
    return { desc, field, matches, keyed: new SortedBlocks(byKeys(desc), this.work), keyOf: new Map(), pending: new Set(), stale: false, used: 0 };
  }

  /** The order named `name`, made when first asked for, with the rows changed since moved. */
  private upToDate(orders: Map<string, SortedOrder>, name: string, make: () => SortedOrder): KeyedRows {
    let o = orders.get(name);
    if (!o) {
      o = make();
      o.used = ++this.asked;
      orders.set(name, o);
      this.resort(o);
      this.trimOrders(o);
      return o.keyed;
    }
    o.used = ++this.asked;
    if (o.pending.size === 0 && !o.stale) return o.keyed;
    if (o.stale || o.pending.size > this.byId.size * RESORT_SHARE) this.resort(o);
    else for (const id of o.pending) this.move(o, id);
    o.pending.clear();
    this.trimOrders(o);
    return o.keyed;
  }

  /** Drops the orders asked for longest ago (never `current`) while all hold more rows than allowed. */
  private trimOrders(current: SortedOrder): void {
    const allowed = this.byId.size * ORDER_ROWS_PER_FUNCTION + ORDER_ROWS_FLOOR;
    let held = 0;
    for (const o of this.orders.values()) held += o.keyed.length;
    for (const o of this.filteredOrders.values()) held += o.keyed.length;
    while (held > allowed) {
      let oldest: { map: Map<string, SortedOrder>; name: string; o: SortedOrder } | null = null;
      for (const map of [this.orders, this.filteredOrders]) {
        for (const [name, o] of map) if (o !== current && (!oldest || o.used < oldest.o.used)) oldest = { map, name, o };
      }
      if (!oldest) return;
      oldest.map.delete(oldest.name);
      held -= oldest.o.keyed.length;
    }
  }

  private resort(o: SortedOrder): void {
    const rows = [...this.byId.values()];
    const keyed: KeyedRow[] = (o.matches ? rows.filter(o.matches) : rows).map((r) => ({ r, k: rowSortKey(r, o.field) }));
    const cmp = byKeys(o.desc);
    keyed.sort((a, b) => cmp(a.k, b.k));
    o.keyOf = new Map(keyed.map((x) => [x.r.id, x.k]));
    o.keyed = SortedBlocks.from(keyed, cmp, this.work);
    o.pending.clear();
    o.stale = false;
  }

  /**
   * Takes a changed row out of its old place and puts it in its new one. The order is kept in
   * blocks (./sorted-blocks.ts): only the entries after each place within its block shift. As one
   * array of 50,000 rows, every entry between the two places shifted: `move` was ~1.2 s of a
   * 28 s plain phase at 50,000 with the AWS reads on (a row whose health changed crosses most of
   * the worst-first order).
   */
  private move(o: SortedOrder, id: string): void {
    const old = o.keyOf.get(id);
    if (old) {
      o.keyed.remove(old);
      o.keyOf.delete(id);
    }
    const row = this.byId.get(id);
    if (!row || (o.matches && !o.matches(row))) return;
    const k = rowSortKey(row, o.field);
    o.keyOf.set(id, k);
    o.keyed.insert({ r: row, k });
  }
}
