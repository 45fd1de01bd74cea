import "server-only";
import type { RowQuery } from "@/lib/domain/row-query";
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import type { Fleet } from "./fleet";

/**
 * The answer of `GET /api/functions` for one query, made once per version of the fleet's rows
 * (./row-index.ts) and kept while that version lives: the page from the kept sort orders, its
 * JSON text from each row's text made once, and an ETag naming the version and the query
 * (If-None-Match answers 304).
 */
export interface ListAnswer {
  etag: string;
  json: Buffer;
}

/** Tells this process's ETags from another's (a restart starts the versions at 0 again). */
const PROCESS_TAG = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export function listAnswer(fleet: Fleet, liveVersion: () => string | undefined, query: RowQuery): { ok: true; answer: ListAnswer } | { ok: false; message: string } {
  const index = fleet.index;
  const key = JSON.stringify(query);
  return index.memo(`list:${key}`, () => {
    // Read before the rows: every change published up to here is in them (lib/client/fleet-store).
    const version = liveVersion();
    const page = index.query(query);
    if (!page.ok) return page;
    const rows = index.rows();
    const { items, ...head } = {
      generatedAt: new Date().toISOString(),
      clusters: index.memo("clusters", () => fleet.clusterSummaries(rows)),
      awsAccounts: fleet.awsAccounts(),
      items: page.items,
      total: page.total,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      version,
    } satisfies FunctionListResponse;
    const text = `${JSON.stringify(head).slice(0, -1)},"items":[${items.map((r) => index.rowJson(r)).join(",")}]}`;
    const answer: ListAnswer = { etag: `"${PROCESS_TAG}-${index.version}-${hash(key)}"`, json: Buffer.from(text, "utf8") };
    return { ok: true as const, answer };
  }, (r) => (r.ok ? r.answer.json.byteLength : 0));
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
