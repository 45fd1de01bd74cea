import { describe, expect, it } from "vitest";
import { healthRank } from "@/lib/domain/health";
import { countByHealth } from "@/lib/domain/fleet-summary";
import { filterRows, namespacesOf, sortRows } from "./filter-rows";
import { DEFAULT_FILTERS } from "./overview-filters";
import { makeRow } from "@/test/make-row";

const rows = [
  makeRow({ cluster: "prod-eu", namespace: "payments", name: "checkout", health: "healthy" }),
  makeRow({ cluster: "prod-us", namespace: "payments", name: "refund", health: "stuck", summary: "Pending for 2 h", since: "2025-11-26T13:00:00Z" }),
  makeRow({ cluster: "staging", namespace: "search", name: "indexer", health: "deletion-blocked", since: "2025-11-26T14:00:00Z" }),
  makeRow({ cluster: "prod-eu", namespace: "search", name: "query", health: "drift", awsExists: false, awsState: null, since: null }),
  makeRow({ cluster: "prod-us", namespace: "ops", name: "cron", health: "unknown", noAws: true, accountId: null, region: null }),
];
const ids = (list: { id: string }[]) => list.map((r) => r.id);

describe("filterRows", () => {
  it("keeps everything with the default filters", () => {
    expect(filterRows(rows, DEFAULT_FILTERS)).toHaveLength(rows.length);
  });

  it("filters by cluster, namespace and several healths together", () => {
    expect(ids(filterRows(rows, { ...DEFAULT_FILTERS, cluster: "prod-us" }))).toEqual([
      "prod-us/payments/refund",
      "prod-us/ops/cron",
    ]);
    expect(ids(filterRows(rows, { ...DEFAULT_FILTERS, namespace: "search", health: ["drift", "stuck"] }))).toEqual([
      "prod-eu/search/query",
    ]);
  });

  it("matches every text term, case-insensitively, across name, AWS name, ARN and summary", () => {
    expect(ids(filterRows(rows, { ...DEFAULT_FILTERS, q: "PENDING" }))).toEqual(["prod-us/payments/refund"]);
    expect(ids(filterRows(rows, { ...DEFAULT_FILTERS, q: "payments-refund" }))).toEqual(["prod-us/payments/refund"]);
    expect(ids(filterRows(rows, { ...DEFAULT_FILTERS, q: "  search   prod-eu " }))).toEqual(["prod-eu/search/query"]);
    expect(filterRows(rows, { ...DEFAULT_FILTERS, q: "nothing-like-this" })).toEqual([]);
  });
});

describe("sortRows", () => {
  it("puts the worst health first by default", () => {
    expect(ids(sortRows(rows, "health", "asc"))).toEqual([
      "staging/search/indexer",
      "prod-us/payments/refund",
      "prod-eu/search/query",
      "prod-eu/payments/checkout",
      "prod-us/ops/cron",
    ]);
  });

  it("sorts text columns both ways with ties broken by health", () => {
    expect(ids(sortRows(rows, "cluster", "asc"))).toEqual([
      "prod-eu/search/query",
      "prod-eu/payments/checkout",
      "prod-us/payments/refund",
      "prod-us/ops/cron",
      "staging/search/indexer",
    ]);
    expect(ids(sortRows(rows, "name", "desc"))[0]).toBe("prod-us/payments/refund");
  });

  it("keeps rows without a value last in both orders", () => {
    const asc = ids(sortRows(rows, "awsState", "asc"));
    const desc = ids(sortRows(rows, "awsState", "desc"));
    expect(asc.at(-1)).toBe("prod-us/ops/cron");
    expect(desc.at(-1)).toBe("prod-us/ops/cron");
    expect(asc[0]).toBe("staging/search/indexer"); // "Active" < "Missing"
    expect(desc[0]).toBe("prod-eu/search/query"); // "Missing"
  });

  it("sorts the duration column by how long the row has been in its state", () => {
    // since: checkout and cron 12:00 (tie broken by health), refund 13:00, indexer 14:00, query unknown
    expect(ids(sortRows(rows, "since", "asc")).slice(0, 4)).toEqual([
      "prod-eu/payments/checkout",
      "prod-us/ops/cron",
      "prod-us/payments/refund",
      "staging/search/indexer",
    ]);
    expect(ids(sortRows(rows, "since", "desc"))[0]).toBe("staging/search/indexer");
    expect(ids(sortRows(rows, "since", "desc")).at(-1)).toBe("prod-eu/search/query");
  });

  it("does not mutate its input", () => {
    const before = ids(rows);
    sortRows(rows, "name", "asc");
    expect(ids(rows)).toEqual(before);
  });
});

describe("helpers", () => {
  it("ranks health worst first and unknown strings last", () => {
    expect(healthRank("deletion-blocked")).toBe(0);
    expect(healthRank("healthy")).toBeLessThan(healthRank("unknown"));
    expect(healthRank("made-up")).toBeGreaterThan(healthRank("unknown"));
  });

  it("counts healths and lists namespaces", () => {
    expect(countByHealth(rows)).toEqual({ healthy: 1, stuck: 1, "deletion-blocked": 1, drift: 1, unknown: 1 });
    expect(namespacesOf(rows, null)).toEqual(["ops", "payments", "search"]);
    expect(namespacesOf(rows, "prod-eu")).toEqual(["payments", "search"]);
  });
});
