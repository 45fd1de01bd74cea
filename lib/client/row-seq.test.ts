import { describe, expect, it } from "vitest";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { CHUNK_ROWS, SortedChunks } from "./row-seq";

const rows = Array.from({ length: 3 * CHUNK_ROWS + 17 }, (_, i) => makeRow({ name: `fn-${i}` }));
const entries = rows.map((row) => ({ row }));

describe("SortedChunks", () => {
  it("reads as the array of its rows: length, slices (also across chunks and past the ends), at, filter, map, iteration", () => {
    const list = SortedChunks.of(entries);
    expect(list.chunks.length).toBe(4);
    expect(list.length).toBe(rows.length);
    const ids = (r: readonly ListedRow[]) => r.map((x) => x.id);
    for (const [s, e] of [
      [0, 10],
      [CHUNK_ROWS - 3, CHUNK_ROWS + 40],
      [CHUNK_ROWS, 2 * CHUNK_ROWS],
      [rows.length - 5, rows.length + 10],
      [-7, undefined],
      [40, 20],
      [undefined, undefined],
    ] as Array<[number | undefined, number | undefined]>) {
      expect(ids(list.slice(s, e)), `slice(${s}, ${e})`).toEqual(ids(rows.slice(s, e)));
    }
    for (const i of [0, CHUNK_ROWS - 1, CHUNK_ROWS, rows.length - 1, -1, rows.length, -rows.length - 1]) expect(list.at(i)?.id, `at(${i})`).toBe(rows.at(i)?.id);
    expect(ids(list.filter((r) => r.name.endsWith("7")))).toEqual(ids(rows.filter((r) => r.name.endsWith("7"))));
    expect(list.map((r) => r.name)).toEqual(rows.map((r) => r.name));
    expect(ids([...list])).toEqual(ids(rows));
    expect(SortedChunks.of([]).slice(0, 5)).toEqual([]);
  });
});
