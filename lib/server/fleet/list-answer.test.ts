/**
 * The list answer kept across versions: after any change it says exactly what a list made
 * from scratch says (the rows, their order, the totals, the counts, the version), whether the
 * change is inside the page, outside it, or moves a row into or out of a filter.
 */
import { describe, expect, it } from "vitest";
import { healthCountsByCluster } from "@/lib/domain/fleet-summary";
import { RowQuerySchema, applyRowQuery, type RowQuery } from "@/lib/domain/row-query";
import { FunctionListResponseSchema, ListedRowSchema, listedRowWire, type ClusterSummary, type FunctionRow } from "@/lib/domain/wire/fleet";
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
  // Each row as lists carry it (its detail-only fields left out: wire/fleet.test.ts).
  expect(body.items).toEqual(reference.items.map((r) => ListedRowSchema.parse(listedRowWire(r))));
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
    expect(body.items[3]).toEqual(ListedRowSchema.parse(listedRowWire(changed)));
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

  it("drops the kept chunks that hold a replaced row: no reader can ask for that text again", () => {
    const fleet = fakeFleet();
    for (let i = 0; i < 300; i++) fleet.put(row(i, "healthy"));
    const whole = q({ sort: "name", limit: "300" });
    const first = q({ sort: "name", limit: "10" });
    check(fleet, "1", whole);
    check(fleet, "1", first);
    const before = keptPages(fleet.index);
    expect(before).toMatchObject({ queries: 2, rows: 310, replacedRows: 0 });
    fleet.put(row(150, "stuck", "pending")); // in the whole list, not in the first page
    check(fleet, "2", q({ health: "stuck", limit: "10" })); // a page's text is made anew: the dead chunks go
    const kept = keptPages(fleet.index);
    expect(kept.replacedRows).toBe(0);
    // The whole list lost the chunk that held row 150 (not all of it: its other chunks stay usable).
    expect(kept.rows).toBeLessThan(before.rows + 1);
    expect(kept.rows).toBeGreaterThan(10 + 1);
    expect(kept.bytes).toBeLessThan(before.bytes);
    // The whole list asked again is right, and the first page's text is still kept.
    check(fleet, "2", whole);
    check(fleet, "2", first);
    expect(keptPages(fleet.index)).toMatchObject({ queries: 3, rows: 311, replacedRows: 0 });
  });

  it("looks for replaced rows only in the kept pages that held one, not at every kept row per version", () => {
    const fleet = fakeFleet();
    for (let i = 0; i < 300; i++) fleet.put(row(i, i < 20 ? "stuck" : "healthy", i < 20 ? "pending" : undefined));
    check(fleet, "1", q({ sort: "name", limit: "300" }));
    check(fleet, "1", q({ health: "stuck", limit: "50" }));
    const looked: string[] = [];
    const get = fleet.index.get.bind(fleet.index);
    fleet.index.get = (id: string) => (looked.push(id), get(id));
    // Nothing replaced (the version moved for the summaries): no kept row is looked at.
    fleet.index.bump();
    check(fleet, "2", q({ sort: "name", limit: "5" }));
    expect(looked).toEqual([]);
    // A healthy row replaced: the rows replaced are known, so no kept row is asked of the index
    // (each chunk's rows are looked up by object); only the whole list's chunk that held it goes.
    const wholeRows = keptPages(fleet.index).rows;
    looked.length = 0; // keptPages asks the index of every kept row itself
    fleet.put(row(250, "healthy", "In sync again"));
    check(fleet, "3", q({ sort: "name", limit: "7" }));
    expect(looked).toEqual([]);
    expect(keptPages(fleet.index).replacedRows).toBe(0);
    expect(keptPages(fleet.index).rows).toBeGreaterThan(20);
    expect(keptPages(fleet.index).rows).toBeLessThan(wholeRows + 7);
    // Many rows replaced at once (more than a few): still none asked of the index, every dead chunk gone.
    looked.length = 0;
    for (let i = 100; i < 200; i++) fleet.put(row(i, "healthy", "In sync again"));
    check(fleet, "4", q({ sort: "name", limit: "9" }));
    expect(looked).toEqual([]);
    expect(keptPages(fleet.index).replacedRows).toBe(0);
    // More than the index remembers (it says "look at every row"): each kept row is asked of the index.
    looked.length = 0;
    for (let i = 0; i < 4100; i++) fleet.put(row(i % 300, "healthy", `In sync again ${i}`));
    check(fleet, "5", q({ sort: "name", limit: "11" }));
    expect(looked.length).toBeGreaterThan(0);
    expect(keptPages(fleet.index).replacedRows).toBe(0);
  });
});

describe("listAnswer's parts across versions", () => {
  it("after a change inside a 500-row page: the unchanged chunks' text and gzip are the same objects, the body and its gzip say the page now", async () => {
    const { gunzipSync } = await import("node:zlib");
    const fleet = fakeFleet();
    for (let i = 0; i < 600; i++) fleet.put(row(i, "healthy"));
    const query = q({ sort: "name", limit: "500" });
    const made = (version: string) => {
      const r = listAnswer(fleet, () => version, query);
      if (!r.ok) throw new Error(r.message);
      return r.answer;
    };
    const first = made("1");
    const firstGzip = first.gzip();
    fleet.put(row(250, "stuck", "pending for 20 minutes"));
    const second = made("2");
    const secondGzip = second.gzip();
    check(fleet, "2", query);
    expect(JSON.parse(gunzipSync(Buffer.concat(secondGzip)).toString("utf8"))).toEqual(JSON.parse(Buffer.concat(second.json).toString("utf8")));
    const big = (parts: readonly Buffer[]) => parts.filter((p) => p.byteLength > 1000);
    const kept = big(second.json).filter((p) => first.json.includes(p));
    expect(big(second.json).length - kept.length).toBe(1);
    expect(kept.length).toBeGreaterThan(3);
    // The kept chunks' deflate is reused: new in the gzip are only the head's, the changed
    // chunk's, the closing brace's (the stream's end) and the trailer.
    expect(secondGzip.length).toBeGreaterThan(10);
    expect(secondGzip.filter((p) => !firstGzip.includes(p))).toHaveLength(4);
  });
});
