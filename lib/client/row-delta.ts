/**
 * Polling 10,000 rows without janking the page: a worker fetches, parses and validates the list
 * and sends only the rows that changed since its previous answer, plus the order of all ids;
 * the page merges that into the rows it holds, reusing the unchanged row objects, so React's
 * memoised rows and the sort/filter memos see no change where there was none.
 */
import { ListedRowSchema, listedRowId, type ListedRow } from "@/lib/domain/wire/fleet";

/** What the worker remembers: each row's JSON text, by id. */
export type RowSnapshot = Map<string, string>;

export interface RowDelta {
  /** Every row's id, in the server's order. */
  order: string[];
  /** Rows that are new or different since the previous snapshot. */
  changed: ListedRow[];
}

/**
 * The id of a raw row from the wire: its `id`, or cluster/namespace/name when it leaves the id
 * out (listedRowWire); a row without either cannot be tracked.
 */
function rawId(raw: unknown, index: number): string {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as { id?: unknown; cluster?: unknown; namespace?: unknown; name?: unknown };
  if (typeof r.id === "string" && r.id) return r.id;
  if (r.id === undefined && typeof r.cluster === "string" && typeof r.namespace === "string" && typeof r.name === "string") return listedRowId({ cluster: r.cluster, namespace: r.namespace, name: r.name });
  throw new Error(`items.${index}.id is missing`);
}

/**
 * Worker side. `items` are rows as parsed from JSON; `parseRow` validates one (and may throw):
 * it runs only for rows that are new or changed, since the others were checked when they
 * arrived. Returns the delta and the next snapshot; `previous` is not modified.
 */
export function diffRows(
  previous: RowSnapshot,
  items: readonly unknown[],
  parseRow: (raw: unknown, index: number) => ListedRow = (raw) => ListedRowSchema.parse(raw),
): { delta: RowDelta; snapshot: RowSnapshot } {
  const snapshot: RowSnapshot = new Map();
  const order: string[] = new Array(items.length);
  const changed: ListedRow[] = [];
  items.forEach((raw, i) => {
    const id = rawId(raw, i);
    const text = JSON.stringify(raw);
    order[i] = id;
    snapshot.set(id, text);
    if (previous.get(id) !== text) changed.push(parseRow(raw, i));
  });
  return { delta: { order, changed }, snapshot };
}

export class DeltaMismatchError extends Error {
  constructor(id: string) {
    super(`row ${id} was neither sent nor known: the page and the worker are out of step`);
    this.name = "DeltaMismatchError";
  }
}

/**
 * Page side. Returns `previous` itself when nothing changed (same rows, same order), otherwise a
 * new array that reuses every unchanged row object. Throws DeltaMismatchError when the delta
 * names a row the page never received (the caller then asks for a full list).
 */
export function mergeRows(previous: readonly ListedRow[] | null, delta: RowDelta): ListedRow[] {
  const changedById = new Map(delta.changed.map((r) => [r.id, r]));
  if (previous && delta.changed.length === 0 && previous.length === delta.order.length && previous.every((r, i) => r.id === delta.order[i])) {
    return previous as ListedRow[];
  }
  const previousById = new Map((previous ?? []).map((r) => [r.id, r]));
  return delta.order.map((id) => {
    const row = changedById.get(id) ?? previousById.get(id);
    if (!row) throw new DeltaMismatchError(id);
    return row;
  });
}
