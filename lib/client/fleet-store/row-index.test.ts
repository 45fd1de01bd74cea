import { describe, expect, it } from "vitest";
import { countByHealth } from "@/lib/domain/fleet-summary";
import type { Health } from "@/lib/domain/health";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { namespacesOf } from "../filter-rows";
import { changesOf, indexFor, rowIndexOf, type RowIndex } from "./row-index";

const HEALTHS: Health[] = ["healthy", "stuck", "failed", "deletion-blocked", "drift", "unknown"];

/** A small deterministic random source (the same draws on every run). */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
}

const rowOf = (i: number, draw: (n: number) => number): FunctionRow =>
  makeRow({ cluster: `c${draw(3)}`, namespace: `ns-${draw(6)}`, name: `fn-${i}`, health: HEALTHS[draw(HEALTHS.length)] });

/** What a walk of every row says: the answer the index must keep without one. */
function recount(rows: readonly FunctionRow[]) {
  const clusters = [...new Set(rows.map((r) => r.cluster))].sort();
  return {
    health: countByHealth(rows),
    namespaces: namespacesOf(rows, null),
    byCluster: Object.fromEntries(clusters.map((c) => [c, namespacesOf(rows, c)])),
  };
}

const facetsOf = (index: RowIndex) => ({
  health: index.facets.health,
  namespaces: index.facets.namespaces,
  byCluster: Object.fromEntries([...index.facets.namespacesByCluster].sort(([a], [b]) => (a < b ? -1 : 1))),
});

/** The store's rule for a batch, written plainly: replaced in place, removed, new ones at the end. */
function applyPlainly(rows: readonly FunctionRow[], changes: ReadonlyMap<string, FunctionRow | null>): FunctionRow[] {
  const left = new Map(changes);
  const out: FunctionRow[] = [];
  for (const r of rows) {
    if (!left.has(r.id)) out.push(r);
    else {
      const next = left.get(r.id);
      left.delete(r.id);
      if (next) out.push(next);
    }
  }
  for (const r of left.values()) if (r) out.push(r);
  return out;
}

describe("the fleet store's row index", () => {
  it("keeps health counts and namespaces equal to a recount over random batches of changes, additions and removals", () => {
    const draw = lcg(11);
    let plain = Array.from({ length: 300 }, (_, i) => rowOf(i, draw));
    let index = rowIndexOf(plain);
    let next = 300;
    expect(facetsOf(index)).toEqual(recount(plain));
    for (let batch = 0; batch < 200; batch++) {
      const changes = new Map<string, FunctionRow | null>();
      const n = 1 + draw(12);
      for (let k = 0; k < n; k++) {
        const what = draw(10);
        if (what < 6 && plain.length) {
          const r = plain[draw(plain.length)];
          // A changed verdict, or a move to another namespace (a namespace may appear or empty).
          changes.set(r.id, draw(2) ? { ...r, verdict: { ...r.verdict, health: HEALTHS[draw(HEALTHS.length)] } } : { ...r, namespace: `ns-${draw(9)}` });
        } else if (what < 8 && plain.length) changes.set(plain[draw(plain.length)].id, null);
        else {
          const r = rowOf(next++, draw);
          changes.set(r.id, r);
        }
      }
      const before = index;
      const beforeRows = [...before.rows];
      index = index.apply(changes);
      plain = applyPlainly(plain, changes);
      expect(index.rows.map((r) => r.id), `batch ${batch}`).toEqual(plain.map((r) => r.id));
      expect(index.rows).toEqual(plain);
      expect(facetsOf(index), `batch ${batch}`).toEqual(recount(plain));
      // The index it was made from is unchanged (a state the view still renders).
      expect(before.rows).toEqual(beforeRows);
    }
  });

  it("records how each rows array was made from the one before: the rows put in and the ids taken out", () => {
    const a = makeRow({ name: "a" });
    const b = makeRow({ name: "b" });
    const c = makeRow({ name: "c" });
    const first = rowIndexOf([a, b]);
    const b2 = { ...b, summary: "changed" };
    const second = first.apply(new Map<string, FunctionRow | null>([[b.id, b2], [a.id, null], [c.id, c]]));
    expect(second.rows).toEqual([b2, c]);
    expect(changesOf(second.rows)).toEqual({ from: first.rows, put: [b2, c], removed: [a.id] });
    // Nothing changed: the same index, the same array.
    expect(second.apply(new Map([[c.id, c]]))).toBe(second);
    expect(indexFor(second.rows)).toBe(second);
  });

  it("keeps the namespace lists of clusters a batch did not touch (the same arrays)", () => {
    const rows = [makeRow({ cluster: "eu", namespace: "a", name: "x" }), makeRow({ cluster: "us", namespace: "b", name: "y" })];
    const index = rowIndexOf(rows);
    const next = index.apply(new Map([[rows[0].id, { ...rows[0], verdict: { ...rows[0].verdict, health: "stuck" as const } }]]));
    expect(next.facets.namespacesByCluster.get("us")).toBe(index.facets.namespacesByCluster.get("us"));
    expect(next.facets.namespaces).toBe(index.facets.namespaces);
    expect(next.facets.health).toEqual({ stuck: 1, healthy: 1 });
  });

  it("applied twice to one index (two branches), each answer is that index's rows with its changes", () => {
    const a = makeRow({ name: "a" });
    const b = makeRow({ name: "b" });
    const c = makeRow({ name: "c" });
    const d = makeRow({ name: "d" });
    const base = rowIndexOf([a]);
    const one = base.apply(new Map([[b.id, b]]));
    const two = base.apply(new Map([[c.id, c]]));
    expect(one.rows).toEqual([a, b]);
    expect(two.rows).toEqual([a, c]);
    expect(one.apply(new Map([[d.id, d]])).rows).toEqual([a, b, d]);
    // c was added in the other branch only: here it is new.
    expect(one.apply(new Map([[c.id, c]])).rows).toEqual([a, b, c]);
    expect(two.apply(new Map<string, FunctionRow | null>([[a.id, null]])).rows).toEqual([c]);
    expect(two.apply(new Map([[c.id, { ...c, name: "x" }]])).rows.map((r) => r.name)).toEqual(["a", "x"]);
  });
});
