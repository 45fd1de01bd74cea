/**
 * The list answer kept across versions: after any change it says exactly what a list made
 * from scratch says (the rows, their order, the totals, the counts, the version), whether the
 * change is inside the page, outside it, or moves a row into or out of a filter.
 */
import { describe, expect, it } from "vitest";
import { healthCountsByCluster } from "@/lib/domain/fleet-summary";
import { RowQuerySchema, applyRowQuery, type RowQuery } from "@/lib/domain/row-query";
import { FunctionListResponseSchema, type ClusterSummary, type FunctionRow } from "@/lib/domain/wire/fleet";
import type { Health } from "@/lib/domain/health";
import { makeRow } from "@/test/make-row";
import { keptPages, listAnswer, type ListedFleet } from "./list-answer";
import { RowIndex } from "./row-index";

const q = (o: Partial<Record<keyof RowQuery, string>>): RowQuery => RowQuerySchema.parse(o);

function fakeFleet(): ListedFleet & { live: Map<string, FunctionRow>; put(row: FunctionRow): void } {
  const index = new RowIndex();
  const live = new Map<string, FunctionRow>();
  const summaries = (counts: Map<string, ClusterSummary["healthCounts"]>): ClusterSummary[] =>
    ["blue", "green"].map((name) => ({ name, connected: true, lastSyncAt: null, functionCount: 0, healthCounts: counts.get(name) ?? {} }));
  return {
    index,
    live,
    put(row) {
      live.set(row.id, row);
      index.set(row.id, row);
    },
    clusterSummaries: ((rows?: unknown) => summaries(rows instanceof Map ? rows : new Map())) as ListedFleet["clusterSummaries"],
    awsAccounts: () => [],
  };
}

const row = (i: number, health: Health, summary = "In sync with AWS") =>
  makeRow({ cluster: i % 2 ? "blue" : "green", namespace: "team", name: `fn-${String(i).padStart(3, "0")}`, health, summary });

/** The answer parsed, and what a list made from every row now would hold. */
function check(fleet: ReturnType<typeof fakeFleet>, version: string, query: RowQuery) {
  const result = listAnswer(fleet, () => version, query);
  if (!result.ok) throw new Error(result.message);
  const body = FunctionListResponseSchema.parse(JSON.parse(Buffer.concat(result.answer.json).toString("utf8")));
  const reference = applyRowQuery([...fleet.live.values()], query);
  if (!reference.ok) throw new Error(reference.message);
  expect(body.items).toEqual(reference.items);
  expect(body.total).toBe(reference.total);
  expect(body.nextCursor).toBe(reference.nextCursor);
  expect(body.version).toBe(version);
  const counts = healthCountsByCluster(fleet.live.values());
  expect(Object.fromEntries(body.clusters.map((c) => [c.name, c.healthCounts]))).toEqual({ blue: counts.get("blue") ?? {}, green: counts.get("green") ?? {} });
  return { body, etag: result.answer.etag };
}

describe("listAnswer", () => {
  it("after a change outside the page: a new version and head, the same rows", () => {
    const fleet = fakeFleet();
    for (let i = 0; i < 60; i++) fleet.put(row(i, "healthy"));
    const query = q({ sort: "name", limit: "10" });
    const first = check(fleet, "5", query);
    expect(check(fleet, "5", query).etag).toBe(first.etag); // same version: the same answer
    fleet.put(row(50, "stuck", "pending for 20 minutes")); // sorts after the first page
    const second = check(fleet, "6", query);
    expect(second.etag).not.toBe(first.etag);
    expect(second.body.items).toEqual(first.body.items);
    expect(second.body.clusters.find((c) => c.name === "green")?.healthCounts).toEqual({ healthy: 29, stuck: 1 });
  });

  it("after a change inside the page: the changed row as it is now", () => {
    const fleet = fakeFleet();
    for (let i = 0; i < 60; i++) fleet.put(row(i, "healthy"));
    const query = q({ sort: "name", limit: "10" });
    check(fleet, "1", query);
    const changed = row(3, "deletion-blocked", "deletion blocked by finalizer");
    fleet.put(changed);
    const { body } = check(fleet, "2", query);
    expect(body.items[3]).toEqual(changed);
    // Gone from the fleet: gone from the page, the next row moves up, the total drops.
    fleet.index.set(changed.id, null);
    fleet.live.delete(changed.id);
    const after = check(fleet, "3", query);
    expect(after.body.items.map((r) => r.name)).not.toContain("fn-003");
    expect(after.body.total).toBe(59);
  });

  it("a filtered page follows rows into and out of the filter", () => {
    const fleet = fakeFleet();
    for (let i = 0; i < 60; i++) fleet.put(row(i, i % 10 === 0 ? "stuck" : "healthy"));
    const query = q({ health: "stuck,deletion-blocked", sort: "name", limit: "4" });
    expect(check(fleet, "1", query).body.total).toBe(6);
    fleet.put(row(55, "deletion-blocked")); // after the page: only the total and the counts move
    expect(check(fleet, "2", query).body.total).toBe(7);
    fleet.put(row(1, "stuck")); // into the page
    expect(check(fleet, "3", query).body.items.map((r) => r.name)).toEqual(["fn-000", "fn-001", "fn-010", "fn-020"]);
    fleet.put(row(0, "healthy")); // out of the filter
    expect(check(fleet, "4", query).body.items.map((r) => r.name)).toEqual(["fn-001", "fn-010", "fn-020", "fn-030"]);
    // A text search too.
    const search = q({ q: "fn-02", limit: "3" });
    check(fleet, "4", search);
    fleet.put(row(25, "stuck", "pending"));
    check(fleet, "5", search);
  });

  it("drops a kept page text once a row of it was replaced: no reader can ask for that text again", () => {
    const fleet = fakeFleet();
    for (let i = 0; i < 60; i++) fleet.put(row(i, "healthy"));
    const whole = q({ sort: "name", limit: "60" });
    const first = q({ sort: "name", limit: "10" });
    check(fleet, "1", whole);
    check(fleet, "1", first);
    expect(keptPages(fleet.index).queries).toBe(2);
    fleet.put(row(30, "stuck", "pending")); // in the whole list, not in the first page
    check(fleet, "2", q({ health: "stuck", limit: "10" })); // a new text is made: the dead ones go
    const kept = keptPages(fleet.index);
    expect(kept.queries).toBe(2); // the first page (its rows are all current) and the filtered one
    const firstText = listAnswer(fleet, () => "2", first);
    if (!firstText.ok) throw new Error(firstText.message);
    expect(kept.bytes).toBeLessThan(firstText.answer.json[1].byteLength * 2);
    // The whole list asked again is made anew, right.
    check(fleet, "2", whole);
    expect(keptPages(fleet.index).queries).toBe(3);
  });
});
