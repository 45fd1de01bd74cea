import { describe, expect, it } from "vitest";
import type { Health } from "@/lib/domain/health";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { sortRows } from "./filter-rows";
import { createRowSorter } from "./row-sorter";

const HEALTHS: Health[] = ["healthy", "stuck", "failed", "deletion-blocked", "drift", "unknown"];

/** A small deterministic random source (the same draws on every run). */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
}

const rowOf = (i: number, draw: (n: number) => number): FunctionRow =>
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
      for (let k = 0; k < 5; k++) {
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
});
