import "server-only";
import type { RowQuery } from "@/lib/domain/row-query";
import type { FunctionListResponse, FunctionRow } from "@/lib/domain/wire/fleet";
import type { Fleet } from "./fleet";
import type { RowIndex } from "./row-index";

/**
 * The answer of `GET /api/functions` for one query, made once per version of the fleet's rows
 * (./row-index.ts) and kept while that version lives: the page from the kept sort orders, and
 * an ETag naming the version and the query (If-None-Match answers 304).
 *
 * A new version (about 30-40 a second while AWS reads come in) mostly changes rows outside a
 * 500-row page: the page's text (the bulk of the body) is then taken from the previous version
 * when its rows are the very same objects (rows are replaced, never mutated), and only the head
 * (version, counts, total, cursor) is made anew. The counts come from the index, kept one change
 * at a time, not from a recount of every row.
 */
export interface ListAnswer {
  etag: string;
  /** The head, the page's items (kept across versions when unchanged), the closing brace. */
  json: readonly Buffer[];
}

/** Tells this process's ETags from another's (a restart starts the versions at 0 again). */
const PROCESS_TAG = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The items text of the last page made per query, across versions. */
interface KeptItems {
  items: FunctionRow[];
  text: Buffer;
}
/** At most this many queries' pages, of at most this many bytes in all, are kept (16 MB: the 20 pages of 500 rows of a 10,000-Function fleet). */
const KEPT_QUERIES = 64;
const KEPT_BYTES = 16 * 1024 * 1024;
const keptItems = new WeakMap<RowIndex, Map<string, KeptItems>>();

/** What an answer reads of the fleet. */
export type ListedFleet = Pick<Fleet, "index" | "clusterSummaries" | "awsAccounts">;

export function listAnswer(fleet: ListedFleet, liveVersion: () => string | undefined, query: RowQuery): { ok: true; answer: ListAnswer } | { ok: false; message: string } {
  const index = fleet.index;
  const key = JSON.stringify(query);
  return index.memo(`list:${key}`, () => {
    // Read before the rows: every change published up to here is in them (lib/client/fleet-store).
    const version = liveVersion();
    const page = index.query(query);
    if (!page.ok) return page;
    const head = {
      generatedAt: new Date().toISOString(),
      clusters: index.memo("clusters", () => fleet.clusterSummaries(index.healthCounts())),
      awsAccounts: fleet.awsAccounts(),
      total: page.total,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      version,
    } satisfies Omit<FunctionListResponse, "items">;
    const items = itemsText(index, key, page.items);
    const json = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":`, "utf8"), items, CLOSE];
    const answer: ListAnswer = { etag: `"${PROCESS_TAG}-${index.version}-${hash(key)}"`, json };
    return { ok: true as const, answer };
  }, (r) => (r.ok ? r.answer.json.reduce((n, b) => n + b.byteLength, 0) : 0));
}

const CLOSE = Buffer.from("}", "utf8");

/** The page texts kept across versions for this index: how many queries, how many bytes (tests and benchmarks read it). */
export function keptPages(index: RowIndex): { queries: number; bytes: number } {
  const kept = keptItems.get(index);
  let bytes = 0;
  for (const k of kept?.values() ?? []) bytes += k.text.byteLength;
  return { queries: kept?.size ?? 0, bytes };
}

/** `[row,row,...]` of this page: the kept text when the page holds the same row objects as before. */
function itemsText(index: RowIndex, key: string, items: FunctionRow[]): Buffer {
  let kept = keptItems.get(index);
  if (!kept) keptItems.set(index, (kept = new Map()));
  const before = kept.get(key);
  if (before && sameRows(before.items, items)) return before.text;
  const text = Buffer.from(`[${items.map((r) => index.rowJson(r)).join(",")}]`, "utf8");
  kept.delete(key);
  let bytes = text.byteLength;
  for (const k of kept.values()) bytes += k.text.byteLength;
  // The page asked for longest ago goes first (a Map iterates in insertion order).
  for (const [k, v] of kept) {
    if (kept.size < KEPT_QUERIES && bytes <= KEPT_BYTES) break;
    kept.delete(k);
    bytes -= v.text.byteLength;
  }
  if (text.byteLength <= KEPT_BYTES) kept.set(key, { items, text });
  return text;
}

function sameRows(a: FunctionRow[], b: FunctionRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a, 32 bits: a short name for a query in an ETag. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
