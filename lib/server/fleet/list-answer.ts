import "server-only";
import type { RowQuery } from "@/lib/domain/row-query";
import type { FunctionListResponse, FunctionRow } from "@/lib/domain/wire/fleet";
import { gzipParts } from "../http/gzip-parts";
import { pageChunks, type PageChunk } from "./page-chunks";
import type { Fleet } from "./fleet";
import type { RowIndex } from "./row-index";

/**
 * The answer of `GET /api/functions` for one query, made once per version of the fleet's rows
 * (./row-index.ts) and kept while that version lives: the page from the kept sort orders, and
 * an ETag naming the version and the query (If-None-Match answers 304).
 *
 * A new version (30-100 a second while AWS reads come in) mostly changes rows outside a 500-row
 * page: the page's text (the bulk of the body) is then taken from the previous version when its
 * rows are the very same objects (rows are replaced, never mutated), and only the head (version,
 * counts, total, cursor) is made anew. The counts come from the index, kept one change at a
 * time, not from a recount of every row. When rows of the page changed (the AWS first pass
 * changes them by the dozen), only the chunks holding them are made again (./page-chunks.ts),
 * and their gzip with them: the other chunks' text and deflate are kept.
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

/** The items of the last page made per query, across versions: its chunks (rows and text). */
interface KeptItems {
  chunks: PageChunk[];
  bytes: number;
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
    const json = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":`, "utf8"), ...itemsParts(index, key, page.items), CLOSE];
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
export function keptPages(index: RowIndex): { queries: number; bytes: number; rows: number; replacedRows: number } {
  const pages = kept.items.get(index);
  let bytes = 0;
  let rows = 0;
  let replacedRows = 0;
  for (const k of pages?.values() ?? []) {
    bytes += k.bytes;
    for (const c of k.chunks) {
      rows += c.rows.length;
      for (const r of c.rows) if (index.get(r.id) !== r) replacedRows++;
    }
  }
  return { queries: pages?.size ?? 0, bytes, rows, replacedRows };
}

/** `[row,row,...]` of this page in parts: the kept chunks where they hold the same row objects as before. */
function itemsParts(index: RowIndex, key: string, items: FunctionRow[]): Buffer[] {
  let byQuery = kept.items.get(index);
  if (!byQuery) kept.items.set(index, (byQuery = new Map()));
  const before = byQuery.get(key);
  const chunks = pageChunks(items, before?.chunks ?? [], (r) => index.rowJson(r));
  byQuery.delete(key);
  dropReplaced(index, byQuery);
  const made = keptItems(chunks);
  let bytes = made.bytes;
  for (const k of byQuery.values()) bytes += k.bytes;
  // The page asked for longest ago goes first (a Map iterates in insertion order).
  for (const [k, v] of byQuery) {
    if (byQuery.size < KEPT_QUERIES && bytes <= KEPT_BYTES) break;
    byQuery.delete(k);
    bytes -= v.bytes;
  }
  if (made.bytes <= KEPT_BYTES) byQuery.set(key, made);
  const parts: Buffer[] = [OPEN];
  chunks.forEach((c, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(c.text);
  });
  parts.push(CLOSE_ITEMS);
  return parts;
}

const OPEN = Buffer.from("[", "utf8");
const COMMA = Buffer.from(",", "utf8");
const CLOSE_ITEMS = Buffer.from("]", "utf8");

function keptItems(chunks: PageChunk[]): KeptItems {
  let bytes = 0;
  for (const c of chunks) bytes += c.text.byteLength;
  return { chunks, bytes };
}

/**
 * A chunk's rows as a Set, made the first time a replaced row is looked for in it and kept with
 * the chunk (a chunk is kept across many versions; its rows never change).
 */
const chunkRows = new WeakMap<PageChunk, Set<FunctionRow>>();
function rowsOf(chunk: PageChunk): Set<FunctionRow> {
  let rows = chunkRows.get(chunk);
  if (!rows) chunkRows.set(chunk, (rows = new Set(chunk.rows)));
  return rows;
}

/** Past this many replaced rows, a chunk's rows are each looked up in a Set of them instead. */
const FEW_REPLACED = 32;

/**
 * Drops the kept chunks that hold a row the index no longer has: rows are replaced, never
 * mutated, and a replaced row never comes back, so no later version can reuse such a chunk
 * (./page-chunks.ts reuses a chunk only while it holds the very same rows). Without this a text
 * asked for once (the whole fleet's first list: 15 MB at 10,000 Functions, with the old rows it
 * holds) stayed until the byte cap pushed it out. Looked at only when a page's text is made
 * anew, and only in the pages that hold a row replaced since the last look (RowIndex.takeReplaced).
 */
function dropReplaced(index: RowIndex, byQuery: Map<string, KeptItems>): void {
  // Only the pages that hold a row replaced since the last look: at 50,000 Functions, a look at
  // every kept row (the overview's pages of 5,000) per version took ~3% of the list's loop.
  const replaced = index.takeReplaced();
  if (replaced?.length === 0) return;
  // Whether a chunk still holds only live rows: with the replaced rows known, a lookup of each
  // in the chunk's kept Set (or of each row in theirs, when many were replaced); without (too
  // many were), every row asked of the index. Before, a page's Set of all its rows was made
  // again for every new version of a page, and every row of a page that held a replaced one
  // asked of the index (at 10,000 Functions with the AWS reads on, ~5% of the list phase's loop).
  const many = replaced && replaced.length > FEW_REPLACED ? new Set(replaced) : null;
  const live = (c: PageChunk) =>
    many ? !c.rows.some((r) => many.has(r)) : replaced ? !replaced.some((r) => rowsOf(c).has(r)) : c.rows.every((r) => index.get(r.id) === r);
  for (const [k, v] of byQuery) {
    const chunks = v.chunks.filter(live);
    if (chunks.length === v.chunks.length) continue;
    if (chunks.length === 0) byQuery.delete(k);
    else byQuery.set(k, keptItems(chunks));
  }
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
