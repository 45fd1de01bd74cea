/**
 * The fleet store's rows, kept one change at a time. At 50,000 rows a batch of stream events
 * (every 50 ms while AWS reads come in) changes a handful of rows; walking every row for it
 * (rebuilding the array, recounting health, collecting namespaces) is what made frames long
 * while scrolling and typing. Here
 * - the rows array is copied (a flat copy: no per-row work) and the changed rows put at their
 *   index; only a removal rebuilds the index;
 * - the health counts of all rows and the namespaces of each cluster are counted as rows change
 *   (a namespace list is remade only when a namespace appears or goes);
 * - each rows array made from the previous one records how (`changesOf`), so that the overview's
 *   sorter and filter can move only those rows instead of comparing every row again.
 * The counts equal a recount of the rows (tested over random batches).
 */
import type { HealthCounts } from "@/lib/domain/fleet-summary";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import type { RowSeq } from "../row-seq";

/** What the overview reads of all rows without walking them. */
export interface RowFacets {
  /** Health counts over every row. */
  health: Readonly<HealthCounts>;
  /** The namespaces of every row, sorted; and per cluster. */
  namespaces: readonly string[];
  namespacesByCluster: ReadonlyMap<string, readonly string[]>;
}

/** How a list of rows was made from `from`: rows put in (new or replaced objects) and ids taken out. */
export interface RowChanges {
  from: RowSeq;
  put: readonly ListedRow[];
  removed: readonly string[];
}

const lineage = new WeakMap<RowSeq, RowChanges>();

/** How `rows` was made from the rows array before it, when the store knows (else null: compare every row). */
export function changesOf(rows: RowSeq): RowChanges | null {
  return lineage.get(rows) ?? null;
}

/**
 * What changed from `base` to `rows` by the records, over up to `maxSteps` arrays in between
 * (updates a view did not render): each id changed with its last row (null: removed). Null
 * when the records do not lead back to `base`.
 */
export function changesBetween(base: RowSeq | undefined, rows: RowSeq, maxSteps = 16): Map<string, ListedRow | null> | null {
  const chain: RowChanges[] = [];
  for (let at = lineage.get(rows); base && at && chain.length < maxSteps; at = lineage.get(at.from)) {
    chain.push(at);
    if (at.from !== base) continue;
    const net = new Map<string, ListedRow | null>();
    for (const step of chain.reverse()) {
      for (const r of step.put) net.set(r.id, r);
      for (const id of step.removed) net.set(id, null);
    }
    return net;
  }
  return null;
}

/** Records that `rows` is `changes.from` with those changes (for a list made elsewhere, e.g. the sorted rows). */
export function recordChanges(rows: RowSeq, changes: RowChanges): void {
  lineage.set(rows, changes);
}

export const EMPTY_FACETS: RowFacets = { health: {}, namespaces: [], namespacesByCluster: new Map() };

export interface RowIndex {
  rows: readonly ListedRow[];
  facets: RowFacets;
  /** These rows in place of or beside the held ones, and these ids gone: a new index, this one unchanged. */
  apply(changes: ReadonlyMap<string, ListedRow | null>): RowIndex;
}

/** counts[cluster][namespace]: rows in it. */
type NamespaceCounts = Map<string, Map<string, number>>;

function sortedKeys(m: Map<string, number> | undefined): string[] {
  return m ? [...m.keys()].sort() : [];
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): a is readonly string[] {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The facets of these counts; the lists of clusters whose namespaces did not change stay the same arrays. */
function facetsFrom(health: HealthCounts, counts: NamespaceCounts, before?: RowFacets, touched?: ReadonlySet<string>): RowFacets {
  const byCluster = new Map<string, readonly string[]>();
  let listsChanged = !before || before.namespacesByCluster.size !== counts.size;
  for (const [cluster, names] of counts) {
    const was = before?.namespacesByCluster.get(cluster);
    if (was && touched && !touched.has(cluster)) {
      byCluster.set(cluster, was);
      continue;
    }
    const now = sortedKeys(names);
    if (sameList(was, now)) byCluster.set(cluster, was);
    else {
      byCluster.set(cluster, now);
      listsChanged = true;
    }
  }
  if (!listsChanged && before) return { health, namespaces: before.namespaces, namespacesByCluster: before.namespacesByCluster };
  const all = new Set<string>();
  for (const names of byCluster.values()) for (const n of names) all.add(n);
  const namespaces = [...all].sort();
  return { health, namespaces: before && sameList(before.namespaces, namespaces) ? before.namespaces : namespaces, namespacesByCluster: byCluster };
}

function bump(counts: NamespaceCounts, row: ListedRow, by: 1 | -1, touched: Set<string>): void {
  let names = counts.get(row.cluster);
  if (!names) counts.set(row.cluster, (names = new Map()));
  const n = (names.get(row.namespace) ?? 0) + by;
  if (n > 0) {
    if (!names.has(row.namespace)) touched.add(row.cluster);
    names.set(row.namespace, n);
  } else {
    names.delete(row.namespace);
    touched.add(row.cluster);
    if (names.size === 0) counts.delete(row.cluster);
  }
}

function make(rows: readonly ListedRow[], at: Map<string, number>, counts: NamespaceCounts, facets: RowFacets): RowIndex {
  // The id → place map passes to the index made from this one (added rows are set in it, not in
  // a copy of 50,000 entries); applied to again, this index remakes its own from its rows.
  let handedOn = false;
  return {
    rows,
    facets,
    apply(changes) {
      if (changes.size === 0) return this;
      const next = rows.slice();
      let nextAt = handedOn ? new Map(rows.map((r, k): [string, number] => [r.id, k])) : at;
      const nextCounts: NamespaceCounts = new Map([...counts].map(([c, m]) => [c, new Map(m)]));
      const health: HealthCounts = { ...facets.health };
      const touched = new Set<string>();
      const put: ListedRow[] = [];
      const removed: string[] = [];
      let removals = false;
      for (const [id, row] of changes) {
        const i = nextAt.get(id);
        const old = i === undefined ? undefined : next[i];
        if (old === row) continue;
        if (old) {
          health[old.verdict.health] = (health[old.verdict.health] ?? 0) - 1;
          if (!health[old.verdict.health]) delete health[old.verdict.health];
          bump(nextCounts, old, -1, touched);
        }
        if (row) {
          health[row.verdict.health] = (health[row.verdict.health] ?? 0) + 1;
          bump(nextCounts, row, 1, touched);
          put.push(row);
        } else if (old) removed.push(id);
        if (row && i !== undefined) next[i] = row;
        else if (row) {
          nextAt.set(id, next.length);
          next.push(row);
        } else if (i !== undefined) {
          removals = true;
        }
      }
      if (put.length === 0 && removed.length === 0) return this;
      handedOn = true;
      let out: ListedRow[] = next;
      if (removals) {
        const gone = new Set(removed);
        out = next.filter((r) => !gone.has(r.id));
        nextAt = new Map(out.map((r, k) => [r.id, k]));
      }
      lineage.set(out, { from: rows, put, removed });
      const made = make(out, nextAt, nextCounts, facetsFrom(health, nextCounts, facets, touched));
      indexes.set(out, made);
      return made;
    },
  };
}

const indexes = new WeakMap<readonly ListedRow[], RowIndex>();

/** The index of a rows array made by an index (kept), or a new one of any other array. */
export function indexFor(rows: readonly ListedRow[]): RowIndex {
  let index = indexes.get(rows);
  if (!index) {
    index = rowIndexOf(rows);
    indexes.set(rows, index);
  }
  return index;
}

/** An index of these rows (the later of two rows with one id wins). */
export function rowIndexOf(rows: Iterable<ListedRow>): RowIndex {
  const at = new Map<string, number>();
  const list: ListedRow[] = [];
  const counts: NamespaceCounts = new Map();
  const health: HealthCounts = {};
  for (const r of rows) {
    const i = at.get(r.id);
    if (i === undefined) {
      at.set(r.id, list.length);
      list.push(r);
    } else list[i] = r;
  }
  const touched = new Set<string>();
  for (const r of list) {
    health[r.verdict.health] = (health[r.verdict.health] ?? 0) + 1;
    bump(counts, r, 1, touched);
  }
  const index = make(list, at, counts, facetsFrom(health, counts));
  indexes.set(list, index);
  return index;
}
