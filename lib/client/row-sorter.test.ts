import { describe, expect, it } from "vitest";
import type { Health } from "@/lib/domain/health";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { changesOf, recordChanges, rowIndexOf } from "./fleet-store/row-index";
import { sortRows } from "./filter-rows";
import { createRowSorter } from "./row-sorter";
import { CHUNK_ROWS, SortedChunks } from "./row-seq";

const HEALTHS: Health[] = ["healthy", "stuck", "failed", "deletion-blocked", "drift", "unknown"];

/** A small deterministic random source (the same draws on every run). */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
}

const rowOf = (i: number, draw: (n: number) => number): ListedRow =>
  makeRow({ cluster: `c${draw(3)}`, namespace: `ns-${draw(5)}`, name: `fn-${i}`, health: HEALTHS[draw(HEALTHS.length)], statusState: draw(2) ? "Active" : null });

describe("the overview's row sorter", () => {
  it("gives the same order as a full sort through changes, additions, removals and sort changes", () => {
    const draw = lcg(7);
    const sorter = createRowSorter();
    let rows = Array.from({ length: 400 }, (_, i) => rowOf(i, draw));
    let next = 400;
    for (let step = 0; step < 60; step++) {
      const key = step < 40 ? "health" : "cluster";
      const order = step % 20 < 10 ? "asc" : "desc";
      expect(sorter(rows, key, order).map((r) => r.id), `step ${step}`).toEqual(sortRows(rows, key, order).map((r) => r.id));
      // As the store does: a few rows replaced by new objects, some removed, some added.
      const copy = [...rows];
      // Mostly a stream batch (a few rows, placed one by one); every 7th a page's worth (merged in one pass).
      for (let k = 0; k < (step % 7 === 3 ? 90 : 5); k++) {
        const at = draw(copy.length);
        copy[at] = { ...copy[at], verdict: { ...copy[at].verdict, health: HEALTHS[draw(HEALTHS.length)] } };
      }
      copy.splice(draw(copy.length), 1);
      copy.push(rowOf(next++, draw));
      rows = copy;
    }
  });

  it("answers the same array for the same rows, and keeps unchanged rows without re-sorting them", () => {
    const sorter = createRowSorter();
    const rows = [makeRow({ name: "b", health: "healthy" }), makeRow({ name: "a", health: "stuck" })];
    const first = sorter(rows, "name", "asc");
    expect(sorter(rows, "name", "asc")).toBe(first);
    const changed = [rows[0], { ...rows[1], name: "c", id: rows[1].id }];
    expect(sorter(changed, "name", "asc").map((r) => r.name)).toEqual(["b", "c"]);
  });

  it("follows the store's record of changes, also over updates it did not see, to the same order as a full sort", () => {
    const draw = lcg(3);
    const sorter = createRowSorter();
    let index = rowIndexOf(Array.from({ length: 500 }, (_, i) => rowOf(i, draw)));
    let next = 500;
    for (let step = 0; step < 80; step++) {
      // Some updates are not rendered (React may skip states): the record is followed over them.
      if (draw(3)) expect(sorter(index.rows, "health", "asc").map((r) => r.id), `step ${step}`).toEqual(sortRows(index.rows, "health", "asc").map((r) => r.id));
      const changes = new Map<string, ListedRow | null>();
      for (let k = 0; k < 4; k++) {
        const r = index.rows[draw(index.rows.length)];
        changes.set(r.id, { ...r, verdict: { ...r.verdict, health: HEALTHS[draw(HEALTHS.length)] } });
      }
      changes.set(index.rows[draw(index.rows.length)].id, null);
      const added = rowOf(next++, draw);
      changes.set(added.id, added);
      index = index.apply(changes);
    }
  });

  it("with the store's record, does not look at every row of the fleet for a few changed ones", () => {
    const draw = lcg(5);
    const sorter = createRowSorter();
    const index = rowIndexOf(Array.from({ length: 2000 }, (_, i) => rowOf(i, draw)));
    sorter(index.rows, "name", "asc");
    const r = index.rows[10];
    const next = index.apply(new Map([[r.id, { ...r, name: "zzz", id: r.id }]]));
    // Count the rows read from the new array: the record says which changed, so none need be.
    let reads = 0;
    const watched = new Proxy(next.rows, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
    // The proxy is a different array: hand the record over to it, as the store's array has it.
    recordChanges(watched, changesOf(next.rows)!);
    const out = sorter(watched, "name", "asc");
    expect(out.at(-1)?.name).toBe("zzz");
    expect(out.map((x) => x.id)).toEqual(sortRows(next.rows, "name", "asc").map((x) => x.id));
    expect(reads).toBeLessThan(100);
  });
});

describe("the sorter's list over a stream batch", () => {
  it("copies only the chunks the changed rows leave and enter; the list before stays as it was", () => {
    const draw = lcg(11);
    const sorter = createRowSorter();
    const index = rowIndexOf(Array.from({ length: 20 * CHUNK_ROWS }, (_, i) => rowOf(i, draw)));
    const before = sorter(index.rows, "name", "asc") as SortedChunks<{ row: ListedRow }>;
    const beforeIds = before.map((r) => r.id);
    const changes = new Map<string, ListedRow>();
    for (const at of [5, 4_000, 9_000]) {
      const r = index.rows[at];
      changes.set(r.id, { ...r, name: `zz-${at}`, verdict: { ...r.verdict, health: "failed" } });
    }
    const next = index.apply(changes);
    const after = sorter(next.rows, "name", "asc") as SortedChunks<{ row: ListedRow }>;
    expect(after.map((r) => r.id)).toEqual(sortRows(next.rows, "name", "asc").map((r) => r.id));
    // Three rows leave three chunks and enter at most three: every other chunk is the same array.
    const shared = new Set(before.chunks);
    expect(after.chunks.filter((c) => !shared.has(c)).length).toBeLessThanOrEqual(6);
    expect(after.chunks.length).toBeGreaterThanOrEqual(20);
    // React may still render the list before: it is unchanged.
    expect(before.map((r) => r.id)).toEqual(beforeIds);
  });

  it("splits a chunk that grows, and drops one that empties, keeping the order", () => {
    const sorter = createRowSorter();
    let index = rowIndexOf(Array.from({ length: 2 * CHUNK_ROWS }, (_, i) => makeRow({ name: `m-${String(i).padStart(5, "0")}` })));
    sorter(index.rows, "name", "asc");
    // Rows renamed to sort first, a batch at a time, pile into the first chunk until it splits; then the last chunk empties.
    for (let step = 0; step < 40; step++) {
      const changes = new Map<string, ListedRow>();
      for (let k = 0; k < 30; k++) {
        const r = index.rows[(step * 30 + k) % index.rows.length];
        changes.set(r.id, { ...r, name: `a-${String(step * 30 + k).padStart(5, "0")}` });
      }
      index = index.apply(changes);
      const out = sorter(index.rows, "name", "asc") as SortedChunks<{ row: ListedRow }>;
      expect(out.map((r) => r.id), `step ${step}`).toEqual(sortRows(index.rows, "name", "asc").map((r) => r.id));
      expect(out.chunks.every((c) => c.length > 0 && c.length < 2 * CHUNK_ROWS)).toBe(true);
    }
  });
});
