/**
 * The list's caches stay within their caps whatever the query strings: a client (or a hostile
 * script) asking every sort order and thousands of distinct `q=` of one version leaves at most
 * ORDER_ROWS_PER_FUNCTION × fleet + floor rows in kept orders, 16 MB of memos per version and
 * 64 kept pages of at most 16 MB (./row-index.ts, ./list-answer.ts); and the answers stay right.
 */
import { describe, expect, it } from "vitest";
import { RowQuerySchema, SORT_FIELDS, applyRowQuery, type RowQuery } from "@/lib/domain/row-query";
import { HEALTH_VALUES, type Health } from "@/lib/domain/health";
import { FunctionListResponseSchema, type ClusterSummary } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { keptPages, listAnswer, type ListedFleet } from "./list-answer";
import { RowIndex } from "./row-index";

const SIZE = 2_000;
const q = (o: Partial<Record<keyof RowQuery, string>>): RowQuery => RowQuerySchema.parse(o);

function fleetOf(size: number): ListedFleet {
  const index = new RowIndex();
  for (let i = 0; i < size; i++) {
    const row = makeRow({ cluster: i % 2 ? "blue" : "green", namespace: `team-${i % 7}`, name: `fn-${i}`, health: HEALTH_VALUES[i % HEALTH_VALUES.length] as Health });
    index.set(row.id, row);
  }
  const summaries = (counts: Map<string, ClusterSummary["healthCounts"]>): ClusterSummary[] =>
    ["blue", "green"].map((name) => ({ name, connected: true, lastSyncAt: null, functionCount: 0, healthCounts: counts.get(name) ?? {} }));
  return { index, clusterSummaries: ((rows?: unknown) => summaries(rows instanceof Map ? rows : new Map())) as ListedFleet["clusterSummaries"], awsAccounts: () => [] };
}

describe("the list's caches under hostile query strings", () => {
  it("keep every sort order and 300 distinct q= within their row, entry and byte caps, and answer right", () => {
    const fleet = fleetOf(SIZE);
    const index = fleet.index;
    const answer = (query: RowQuery) => {
      const r = listAnswer(fleet, () => "v", query);
      if (!r.ok) throw new Error(r.message);
      return r.answer;
    };
    let peakRows = 0;
    let peakMemo = 0;
    for (const sort of SORT_FIELDS) {
      for (const order of ["asc", "desc"]) answer(q({ sort, order, limit: "500" }));
      peakRows = Math.max(peakRows, index.footprint().orderRows);
    }
    // Distinct strings that match most of the fleet ("fn" and spaces: the same rows, another key).
    for (let i = 0; i < 300; i++) {
      answer(q({ q: `fn${" ".repeat(1 + (i % 150))}${i % 2 ? "" : "-"}`, sort: SORT_FIELDS[i % SORT_FIELDS.length], order: i % 3 ? "asc" : "desc", limit: "500" }));
      const f = index.footprint();
      peakRows = Math.max(peakRows, f.orderRows);
      peakMemo = Math.max(peakMemo, f.memoBytes);
      expect(f.memoEntries).toBeLessThanOrEqual(256);
    }
    expect(peakRows).toBeLessThanOrEqual(SIZE * 4 + 20_000);
    expect(peakMemo).toBeLessThanOrEqual(16 * 1024 * 1024 + 2e6); // the last body may take it over by one body
    const pages = keptPages(index);
    expect(pages.queries).toBeLessThanOrEqual(64);
    expect(pages.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(pages.queries).toBeGreaterThan(0);

    // Orders dropped by the cap are made again, right, when asked for again.
    for (const sort of ["name", "since"] as const) {
      const query = q({ sort, order: "desc", limit: "500" });
      const body = FunctionListResponseSchema.parse(JSON.parse(Buffer.concat(answer(query).json).toString("utf8")));
      const reference = applyRowQuery(index.rows(), query);
      if (!reference.ok) throw new Error(reference.message);
      expect(body.items.map((r) => r.id)).toEqual(reference.items.map((r) => r.id));
    }
  });
});
