import { describe, expect, it, vi } from "vitest";
import type { Health } from "@/lib/domain/health";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { recordChanges, rowIndexOf } from "./fleet-store/row-index";
import { filterRows } from "./filter-rows";
import { createRowSorter } from "./row-sorter";
import type { RowSeq } from "./row-seq";
import { DEFAULT_FILTERS, type OverviewFilters } from "./overview-filters";
import { createRowFilter, createSearchWarmer } from "./row-filter";

const HEALTHS: Health[] = ["healthy", "stuck", "failed", "drift"];
const rows = Array.from({ length: 300 }, (_, i) =>
  makeRow({ cluster: `c${i % 3}`, namespace: `ns-${i % 7}`, name: `${["orders", "order-events", "billing", "ordinal"][i % 4]}-${i}`, health: HEALTHS[i % 4] }),
);
const ids = (r: RowSeq) => r.map((x) => x.id);

describe("the overview's row filter", () => {
  it("gives filterRows' rows while typing on, deleting, changing filters and rows", () => {
    const filter = createRowFilter();
    let current = rows;
    const steps: Array<Partial<OverviewFilters>> = [
      { q: "o" }, { q: "or" }, { q: "ord" }, { q: "orde" }, { q: "order" }, { q: "order-" }, { q: "order-e" },
      { q: "order" }, { q: "order 1" }, { q: "order 12" }, { q: "ORDER 12" }, { q: "" },
      { q: "ord", cluster: "c1" }, { q: "ordi", cluster: "c1" }, { q: "ordi", cluster: null, health: ["failed"] }, { q: "bill", health: [] },
    ];
    for (const [i, step] of steps.entries()) {
      const f = { ...DEFAULT_FILTERS, ...step };
      expect(ids(filter(current, f)), `step ${i} ${JSON.stringify(step)}`).toEqual(ids(filterRows(current, f)));
      // A stream update between keystrokes: one row renamed into and one out of the search.
      if (i % 3 === 2) {
        current = current.map((r, j) => (j === i ? { ...r, name: `billing-${j}`, id: r.id } : j === i + 1 ? { ...r, name: `order-events-${j}` } : r));
        expect(ids(filter(current, f))).toEqual(ids(filterRows(current, f)));
      }
    }
  });

  it("answers the same array while nothing changed", () => {
    const filter = createRowFilter();
    const f = { ...DEFAULT_FILTERS, q: "bill" };
    expect(filter(rows, f)).toBe(filter(rows, { ...f }));
  });

  it("with no filter, answers the rows themselves without looking at any (no walk of the fleet per update)", () => {
    const filter = createRowFilter();
    let reads = 0;
    const watched = new Proxy(rows, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
    expect(filter(watched, { ...DEFAULT_FILTERS, q: "  " })).toBe(watched);
    expect(reads).toBe(0);
  });

  it("through the store and the sorter, gives filterRows' rows while typing with fleet updates in between, and keeps its result for an update that touched nothing shown", () => {
    const sorter = createRowSorter();
    const filter = createRowFilter();
    let index = rowIndexOf(rows);
    const typed = ["o", "or", "ord", "orde", "order", "order-", "order-e", "order-ev", "order", ""];
    let kept = 0;
    for (const [i, q] of typed.entries()) {
      const f = { ...DEFAULT_FILTERS, q, health: i > 6 ? (["stuck"] as Health[]) : [] };
      const before = filter(sorter(index.rows, "name", "asc"), f);
      // A stream batch: a billing row changes health (never shown: "bill" matches no search here), then sometimes one renamed into the search.
      const billing = index.rows.find((r, j) => j % 4 === 2 && j > i)!;
      index = index.apply(new Map([[billing.id, { ...billing, verdict: { ...billing.verdict, health: "failed" as Health } }]]));
      const after = filter(sorter(index.rows, "name", "asc"), f);
      expect(ids(after), `after ${q}`).toEqual(ids(filterRows(sorter(index.rows, "name", "asc"), f)));
      if (after === before) kept++;
      if (i % 2) {
        const other = index.rows[(i * 37) % index.rows.length];
        index = index.apply(new Map([[other.id, { ...other, name: `order-events-x${i}` }]]));
        expect(ids(filter(sorter(index.rows, "name", "asc"), f)), `renamed at ${q}`).toEqual(ids(filterRows(sorter(index.rows, "name", "asc"), f)));
      }
    }
    // Every search but the empty one kept its result over the billing row's change.
    expect(kept).toBe(typed.length - 1);
  });

  it("makes the rows' search text in slices before the first keystroke, which then makes none", async () => {
    vi.useFakeTimers();
    try {
      const fresh = Array.from({ length: 2000 }, (_, i) => makeRow({ name: `fn-${i}`, namespace: `ns-${i % 5}` }));
      // The search text reads each row's ARN when it is made, and only then.
      let made = 0;
      const watched = fresh.map((r) => new Proxy(r, { get: (t, p, rcv) => (p === "arn" && made++, Reflect.get(t, p, rcv)) }));
      const stop = createSearchWarmer()(watched);
      await vi.advanceTimersByTimeAsync(0);
      expect(made, "one slice, not every row in one task").toBeGreaterThan(0);
      expect(made).toBeLessThanOrEqual(watched.length);
      await vi.runAllTimersAsync();
      stop();
      expect(made).toBe(watched.length);
      made = 0;
      expect(createRowFilter()(watched, { ...DEFAULT_FILTERS, q: "fn-1" }).length).toBe(1111);
      expect(made).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops making search text when told", async () => {
    vi.useFakeTimers();
    try {
      let made = 0;
      const watched = Array.from({ length: 50 }, (_, i) => new Proxy(makeRow({ name: `stop-${i}` }), { get: (t, p, rcv) => (p === "arn" && made++, Reflect.get(t, p, rcv)) }));
      createSearchWarmer()(watched)();
      await vi.runAllTimersAsync();
      expect(made).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("carries on where it was when the store changes a few rows, and starts again for other rows", async () => {
    vi.useFakeTimers();
    try {
      let reads = 0;
      const counted = (a: readonly ListedRow[]) =>
        new Proxy(a, { get: (t, p, rcv) => (typeof p === "string" && /^\d+$/.test(p) && reads++, Reflect.get(t, p, rcv)) });
      const warm = createSearchWarmer();
      let index = rowIndexOf(Array.from({ length: 600 }, (_, i) => makeRow({ name: `carry-${i}` })));
      const first = counted(index.rows);
      let stop = warm(first);
      await vi.runAllTimersAsync();
      stop();
      expect(reads).toBe(600);
      // The store changes one row: the walk is done and does not start again.
      const r = index.rows[3];
      index = index.apply(new Map([[r.id, { ...r, name: "changed" }]]));
      const next = counted(index.rows);
      recordChanges(next, { from: first, put: [index.rows[3]], removed: [] });
      reads = 0;
      stop = warm(next);
      await vi.runAllTimersAsync();
      stop();
      expect(reads).toBe(0);
      // Rows not made from those (a reload) are walked from their start.
      stop = warm(counted(index.rows.map((x) => ({ ...x }))));
      await vi.runAllTimersAsync();
      stop();
      expect(reads).toBe(600);
    } finally {
      vi.useRealTimers();
    }
  });
});
