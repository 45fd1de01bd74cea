/**
 * A page's rows in chunks kept across versions (./page-chunks.ts): the chunks say exactly the
 * page's rows; a changed row makes only its chunk again; a row moving into the page (the order
 * shifts by one) leaves the chunks away from it as they were; no chunk is over its bound.
 */
import { describe, expect, it } from "vitest";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { MAX_ROWS, pageChunks, type PageChunk } from "./page-chunks";

const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => makeRow({ name: `fn-${from + i}` }));
const json = (r: FunctionRow) => JSON.stringify(r);
const text = (chunks: PageChunk[]) => `[${chunks.map((c) => c.text.toString("utf8")).join(",")}]`;

describe("pageChunks", () => {
  it("says the page's rows, in order, in chunks of at most MAX_ROWS, most of them ending on the rows' ids", () => {
    const items = rows(0, 500);
    const chunks = pageChunks(items, [], json);
    expect(JSON.parse(text(chunks))).toEqual(items);
    expect(chunks.flatMap((c) => c.rows)).toEqual(items);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.rows.length))).toBeLessThanOrEqual(MAX_ROWS);
    expect(pageChunks([], [], json)).toEqual([]);
  });

  it("after one row changed: only its chunk is made again, the others are the same objects", () => {
    const items = rows(0, 500);
    const first = pageChunks(items, [], json);
    const next = [...items];
    next[250] = makeRow({ name: "fn-250", health: "stuck", summary: "pending for 20 minutes" });
    const second = pageChunks(next, first, json);
    expect(JSON.parse(text(second))).toEqual(next);
    const fresh = second.filter((c) => !first.includes(c));
    expect(fresh).toHaveLength(1);
    expect(fresh[0].rows).toContain(next[250]);
  });

  it("after a row moved into the page at its top: the chunks after the first end are kept", () => {
    const items = rows(1, 501);
    const first = pageChunks(items, [], json);
    const next = [makeRow({ name: "fn-0", health: "deletion-blocked", summary: "deletion blocked" }), ...items.slice(0, 499)];
    const second = pageChunks(next, first, json);
    expect(JSON.parse(text(second))).toEqual(next);
    // The first chunk holds the new row, the last lost the row that left the page: all between are kept.
    const fresh = second.filter((c) => !first.includes(c));
    expect(fresh.length).toBeLessThanOrEqual(2);
    expect(second.length - fresh.length).toBeGreaterThan(3);
  });
});
