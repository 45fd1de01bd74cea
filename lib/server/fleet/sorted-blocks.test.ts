/**
 * The kept order in blocks reads as the sorted array it stands for (length, at, slice) through
 * inserts and removes that split and join its blocks.
 */
import { describe, expect, it } from "vitest";
import { compareSortKeys, type KeyedRow, type SortKeyTuple } from "@/lib/domain/row-query";
import { makeRow } from "@/test/make-row";
import { BLOCK, SortedBlocks } from "./sorted-blocks";
import { prng } from "@/test/prng";

const row = makeRow({ name: "x" });
const entry = (n: number, id: string): KeyedRow => ({ r: row, k: [0, n, 0, id] as SortKeyTuple });

describe("SortedBlocks", () => {
  it("reads as the sorted array through inserts and removes that split and join blocks", () => {
    const rnd = prng(5);
    const cmp = (a: SortKeyTuple, b: SortKeyTuple) => compareSortKeys(a, b, false);
    const work = { shifted: 0 };
    const blocks = new SortedBlocks(cmp, work);
    let reference: KeyedRow[] = [];
    let next = 0;
    const check = () => {
      expect(blocks.length).toBe(reference.length);
      expect(blocks.slice().map((e) => e.k[3])).toEqual(reference.map((e) => e.k[3]));
      for (let i = 0; i < 20; i++) {
        const at = Math.floor(rnd() * (reference.length + 2)) - 1;
        expect(blocks.at(at)?.k[3]).toBe(reference[at]?.k[3]);
        const to = at + Math.floor(rnd() * 700);
        expect(blocks.slice(at, to).map((e) => e.k[3])).toEqual(reference.slice(Math.max(0, at), to).map((e) => e.k[3]));
      }
    };
    // Grows past several splits (a block holds at most 2 × BLOCK)...
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 500; i++) {
        const e = entry(Math.floor(rnd() * 1000), `id-${next++}`);
        blocks.insert(e);
        reference.push(e);
      }
      reference.sort((a, b) => cmp(a.k, b.k));
      check();
    }
    expect(reference.length).toBeGreaterThan(8 * BLOCK);
    // ...then shrinks to a few entries (blocks emptied or joined), and an absent key is no removal.
    while (reference.length > 10) {
      const i = Math.floor(rnd() * reference.length);
      expect(blocks.remove(reference[i].k)).toBe(true);
      expect(blocks.remove(reference[i].k)).toBe(false);
      reference = [...reference.slice(0, i), ...reference.slice(i + 1)];
      if (reference.length % 500 === 0) check();
    }
    check();
    const made = SortedBlocks.from(reference.slice(), cmp);
    expect(made.slice().map((e) => e.k[3])).toEqual(reference.map((e) => e.k[3]));
  });
});
