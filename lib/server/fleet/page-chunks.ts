import "server-only";
import type { FunctionRow } from "@/lib/domain/wire/fleet";

/**
 * A page's rows in chunks whose text (and, through lib/server/http/gzip-parts.ts, whose deflate)
 * is kept across versions while the chunk holds the very same row objects (rows are replaced,
 * never mutated). While the AWS first pass runs, a dozen rows of a 500-row page change many
 * times a second: only their chunks are made again, not the page's ~600 KB of text and its gzip.
 *
 * A chunk ends after a row whose id hashes to a chosen value (about one row in `AVERAGE_ROWS`),
 * or at `MAX_ROWS` rows: the ends depend on the rows, not on their positions, so a row that
 * moves into or out of the page (the order shifts by one) changes only the chunks around it
 * (content-defined chunking). A chunk of ~64 rows is ~70 KB, more than deflate's 32 KB window
 * (RFC 1951 §2): compressed one by one, a 500-row page's chunks took 9% more bytes than the
 * page at once (17% at 32 rows, 4% at 128), and a changed chunk is deflated in an eighth of the
 * time of the page (~12 ms for a whole page on the loaded 2-core development machine).
 */
export const AVERAGE_ROWS = 64;
export const MAX_ROWS = 192;

export interface PageChunk {
  rows: FunctionRow[];
  /** The rows' JSON texts joined by commas. */
  text: Buffer;
}

/** The chunks of `items`, those of `before` reused where they hold the same rows. */
export function pageChunks(items: readonly FunctionRow[], before: readonly PageChunk[], json: (row: FunctionRow) => string): PageChunk[] {
  const byFirst = new Map<FunctionRow, PageChunk>();
  for (const c of before) byFirst.set(c.rows[0], c);
  const out: PageChunk[] = [];
  let start = 0;
  for (let i = 0; i < items.length; i++) {
    const last = i === items.length - 1;
    if (!last && i - start + 1 < MAX_ROWS && !endsChunk(items[i])) continue;
    const end = i + 1;
    const kept = byFirst.get(items[start]);
    if (kept && holds(kept, items, start, end)) out.push(kept);
    else {
      const rows = items.slice(start, end);
      out.push({ rows, text: Buffer.from(rows.map(json).join(","), "utf8") });
    }
    start = end;
  }
  return out;
}

function holds(chunk: PageChunk, items: readonly FunctionRow[], start: number, end: number): boolean {
  if (chunk.rows.length !== end - start) return false;
  for (let i = start; i < end; i++) if (chunk.rows[i - start] !== items[i]) return false;
  return true;
}

/** Whether a chunk ends after this row: FNV-1a of its id, one row in AVERAGE_ROWS. */
function endsChunk(row: FunctionRow): boolean {
  const id = row.id;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % AVERAGE_ROWS === 0;
}
