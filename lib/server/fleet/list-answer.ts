import "server-only";
import type { RowQuery } from "@/lib/domain/row-query";
import type { FunctionListResponse, FunctionRow } from "@/lib/domain/wire/fleet";
import { gzipParts } from "../http/gzip-parts";
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
  /**
   * The same body gzip-encoded (RFC 1952, one member), made on first use and kept with the
   * answer: the items' deflate is kept with the items' text across versions (./list-gzip.ts).
   */
  gzip(): readonly Buffer[];
}

/**
 * What this module keeps, once per process. The production build bundles instrumentation.ts
 * (where the list fast lane runs: lib/server/http/list-fast-lane.ts) apart from the route
 * handler, each with its own copy of this module: both copies must tag a version alike (a
 * client gets the same ETag from either) and share one byte-capped cache.
 */
interface Kept {
  /** Tells this process's ETags from another's (a restart starts the versions at 0 again). */
  processTag: string;
  items: WeakMap<RowIndex, Map<string, KeptItems>>;
}
const KEPT_KEY = Symbol.for("ack-lambda-fleet.list-answer");
const kept: Kept = ((globalThis as Record<symbol, Kept>)[KEPT_KEY] ??= {
  processTag: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  items: new WeakMap(),
});

/** The items text of the last page made per query, across versions. */
interface KeptItems {
  items: FunctionRow[];
  text: Buffer;
}
/** At most this many queries' pages, of at most this many bytes in all, are kept (16 MB: the 20 pages of 500 rows of a 10,000-Function fleet). */
const KEPT_QUERIES = 64;
const KEPT_BYTES = 16 * 1024 * 1024;

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
    const answer: ListAnswer = { etag: `"${kept.processTag}-${index.version}-${hash(key)}"`, json, gzip: gzipOnce(json) };
    return { ok: true as const, answer };
  }, (r) => (r.ok ? r.answer.json.reduce((n, b) => n + b.byteLength, 0) : 0));
}

const CLOSE = Buffer.from("}", "utf8");

function gzipOnce(json: readonly Buffer[]): () => readonly Buffer[] {
  let made: readonly Buffer[] | null = null;
  return () => (made ??= gzipParts(json));
}

/** The page texts kept across versions for this index: how many queries, how many bytes (tests and benchmarks read it). */
export function keptPages(index: RowIndex): { queries: number; bytes: number } {
  const pages = kept.items.get(index);
  let bytes = 0;
  for (const k of pages?.values() ?? []) bytes += k.text.byteLength;
  return { queries: pages?.size ?? 0, bytes };
}

/** `[row,row,...]` of this page: the kept text when the page holds the same row objects as before. */
function itemsText(index: RowIndex, key: string, items: FunctionRow[]): Buffer {
  let byQuery = kept.items.get(index);
  if (!byQuery) kept.items.set(index, (byQuery = new Map()));
  const before = byQuery.get(key);
  if (before && sameRows(before.items, items)) return before.text;
  const text = Buffer.from(`[${items.map((r) => index.rowJson(r)).join(",")}]`, "utf8");
  byQuery.delete(key);
  dropReplaced(index, byQuery);
  let bytes = text.byteLength;
  for (const k of byQuery.values()) bytes += k.text.byteLength;
  // The page asked for longest ago goes first (a Map iterates in insertion order).
  for (const [k, v] of byQuery) {
    if (byQuery.size < KEPT_QUERIES && bytes <= KEPT_BYTES) break;
    byQuery.delete(k);
    bytes -= v.text.byteLength;
  }
  if (text.byteLength <= KEPT_BYTES) byQuery.set(key, { items, text });
  return text;
}

/**
 * Drops the kept texts that hold a row the index no longer has: rows are replaced, never
 * mutated, and a replaced row never comes back, so no later version can match such a text
 * (sameRows). Without this a text asked for once (the whole fleet's first list: 15 MB at
 * 10,000 Functions, with the old rows it holds) stayed until the byte cap pushed it out.
 * Looked at only when a new text is made (a few a second): one Map lookup per kept row.
 */
function dropReplaced(index: RowIndex, byQuery: Map<string, KeptItems>): void {
  for (const [k, v] of byQuery) if (v.items.some((r) => index.get(r.id) !== r)) byQuery.delete(k);
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
