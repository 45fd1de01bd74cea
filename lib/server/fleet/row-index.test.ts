/**
 * The kept row index answers every query exactly as sorting the whole fleet would
 * (applyRowQuery, the reference), through a long run of random changes, and moves only what
 * changed: a version per change, caches per version.
 */
import { describe, expect, it, vi } from "vitest";
import { healthCountsByCluster } from "@/lib/domain/fleet-summary";
import { HEALTH_VALUES, type Health } from "@/lib/domain/health";
import { RowQuerySchema, SORT_FIELDS, applyRowQuery, type RowQuery } from "@/lib/domain/row-query";
import { listedRowWire, type FunctionRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { RowIndex } from "./row-index";
import { prng } from "@/test/prng";

function randomRow(rnd: () => number, i: number): FunctionRow {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  return makeRow({
    cluster: pick(["prod-eu", "prod-us", "staging"]),
    namespace: pick(["payments", "search", "ml"]),
    name: `fn-${i}`,
    health: pick(HEALTH_VALUES) as Health,
    statusState: pick(["Active", "Pending", null]),
    awsState: pick(["Active", "Failed", null]),
    noAws: rnd() < 0.1,
    accountId: pick(["111111111111", "222222222222", null]),
    since: rnd() < 0.2 ? null : new Date(Date.UTC(2025, 10, 1) + Math.floor(rnd() * 1e9)).toISOString(),
    summary: pick(["In sync with AWS", "Pending in Kubernetes while Active in AWS", "deletion blocked by finalizer"]),
  });
}

const q = (o: Partial<Record<keyof RowQuery, string>>): RowQuery => RowQuerySchema.parse(o);

/** Every page of a query, following cursors. */
function allPages(page: (cursor?: string) => ReturnType<RowIndex["query"]>): FunctionRow[][] {
  const pages: FunctionRow[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const p = page(cursor);
    if (!p.ok) throw new Error(p.message);
    pages.push(p.items);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  return pages;
}

describe("RowIndex", () => {
  it("answers every sort, filter and page as a full sort would, through random changes", () => {
    const rnd = prng(12);
    const index = new RowIndex();
    const live = new Map<string, FunctionRow>();
    const queries: RowQuery[] = [];
    for (const sort of SORT_FIELDS) for (const order of ["asc", "desc"]) queries.push(q({ sort, order, limit: "37" }));
    queries.push(
      q({ health: "stuck,deletion-blocked", q: "pending", limit: "11" }),
      q({ health: "healthy", sort: "name", order: "desc", limit: "7" }),
      q({ cluster: "prod-eu", namespace: "ml", sort: "since", order: "desc", limit: "5" }),
    );
    let next = 0;
    for (let round = 0; round < 40; round++) {
      // A burst of changes: new rows, changed rows (a new object), removed rows.
      const changes = round === 20 ? 200 : 1 + Math.floor(rnd() * 30); // one burst beyond the re-sort share
      for (let c = 0; c < changes; c++) {
        const r = rnd();
        if (r < 0.4 || live.size < 10) {
          const row = randomRow(rnd, next++);
          live.set(row.id, row);
          index.set(row.id, row);
        } else if (r < 0.85) {
          const id = [...live.keys()][Math.floor(rnd() * live.size)];
          const row = { ...randomRow(rnd, 0), id, name: live.get(id)!.name, cluster: live.get(id)!.cluster, namespace: live.get(id)!.namespace };
          live.set(id, row);
          index.set(id, row);
        } else {
          const id = [...live.keys()][Math.floor(rnd() * live.size)];
          live.delete(id);
          index.set(id, null);
        }
      }
      const reference = [...live.values()];
      for (const query of queries) {
        const expected = allPages((cursor) => applyRowQuery(reference, { ...query, cursor })).map((p) => p.map((r) => r.id));
        const got = allPages((cursor) => index.query({ ...query, cursor })).map((p) => p.map((r) => r.id));
        expect(got, `${JSON.stringify(query)} round ${round}`).toEqual(expected);
      }
      expect(index.rows().map((r) => r.id).sort()).toEqual([...live.keys()].sort());
      expect(index.healthCounts(), `counts round ${round}`).toEqual(healthCountsByCluster(reference));
    }
  });

  it("moves a changed row within its kept order in place, without splicing the whole order (each splice copied all 50,000 rows)", () => {
    const rnd = prng(3);
    const index = new RowIndex();
    for (let i = 0; i < 3_000; i++) {
      const r = randomRow(rnd, i);
      index.set(r.id, r);
    }
    const query = q({ sort: "health", limit: "20" });
    const order = (): string[] => allPages((cursor) => index.query({ ...query, limit: 500, ...(cursor ? { cursor } : {}) })).flat().map((r) => r.id);
    order();
    const splice = vi.spyOn(Array.prototype, "splice");
    try {
      for (let i = 0; i < 200; i++) {
        const rows = index.rows();
        const before = rows[Math.floor(rnd() * rows.length)];
        const id = before.id;
        const changed = { ...randomRow(rnd, 0), id, name: before.name, cluster: before.cluster, namespace: before.namespace };
        index.set(id, changed);
        if (i % 10 === 0) index.query(query);
      }
      index.query(query);
      const onOrders = splice.mock.contexts.filter((a) => Array.isArray(a) && a.length >= 1_000);
      expect(onOrders).toHaveLength(0);
    } finally {
      splice.mockRestore();
    }
    const reference = applyRowQuery(index.rows(), { ...query, limit: 500 });
    expect(reference.ok && order().slice(0, 500)).toEqual(reference.ok && reference.items.map((r) => r.id));
  });

  it("moves a changed row across a 50,000-row order by shifting at most a few blocks of it, not the rows between its two places", () => {
    const index = new RowIndex();
    const n = 50_000;
    // Healthy rows, then one row a change turns stuck: in the worst-first order it crosses the whole fleet.
    for (let i = 0; i < n; i++) {
      const r = makeRow({ name: `fn-${String(i).padStart(5, "0")}`, health: "healthy" });
      index.set(r.id, r);
    }
    const query = q({ limit: "500" });
    expect(index.query(query).ok).toBe(true);
    const shifted = () => index.footprint().shiftedEntries;
    const moves = 40;
    const before = shifted();
    for (let i = 0; i < moves; i++) {
      const r = makeRow({ name: `fn-${String(n - 1 - i * 97).padStart(5, "0")}`, health: i % 2 ? "stuck" : "deletion-blocked" });
      index.set(r.id, r);
      const page = index.query(query);
      expect(page.ok && page.items[0].verdict.health).not.toBe("healthy");
    }
    // As one array, each move shifted the ~50,000 rows between its two places (2,000,000 in all).
    expect(shifted() - before).toBeLessThanOrEqual(moves * 4 * 512);
    const reference = applyRowQuery(index.rows(), query);
    const got = index.query(query);
    expect(got.ok && got.items.map((r) => r.id)).toEqual(reference.ok && reference.items.map((r) => r.id));
  });

  it("has a new version at each change, and memos and row texts live per version and per row", () => {
    const index = new RowIndex();
    const a = makeRow({ name: "a" });
    index.set(a.id, a);
    const v1 = index.version;
    let made = 0;
    const make = () => ++made;
    expect(index.memo("k", make)).toBe(1);
    expect(index.memo("k", make)).toBe(1); // same version: made once
    index.set(a.id, a); // the same object: no change
    expect(index.version).toBe(v1);
    const rows = index.rows();
    expect(index.rows()).toBe(rows);
    const a2 = makeRow({ name: "a", health: "stuck" });
    index.set(a.id, a2);
    expect(index.version).toBe(v1 + 1);
    expect(index.memo("k", make)).toBe(2);
    expect(index.rows()).not.toBe(rows);
    expect(index.rowJson(a2)).toBe(JSON.stringify(listedRowWire(a2)));
    // Bounded in bytes: a memo past 16 MB in one version starts the version's memos afresh.
    expect(index.memo("big-1", () => "x", () => 10e6)).toBe("x");
    expect(index.memo("k", make)).toBe(2);
    index.memo("big-2", () => "y", () => 10e6);
    expect(index.memo("k", make)).toBe(3);
    index.bump();
    expect(index.version).toBe(v1 + 2);
    index.set(a.id, null);
    expect(index.size).toBe(0);
    expect(index.query(q({})).ok && index.query(q({}))).toMatchObject({ total: 0, items: [] });
  });
});
