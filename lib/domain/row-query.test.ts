import { describe, expect, it } from "vitest";
import { applyRowQuery, parseRowQuery, type RowQuery } from "./row-query";
import { FunctionRowSchema, type FunctionRow } from "./wire/fleet";
import { HEALTH_VALUES, type Health } from "./health";

function row(i: number, health: Health, cluster = "prod-eu", ns = "payments"): FunctionRow {
  return FunctionRowSchema.parse({
    id: `${cluster}/${ns}/fn-${String(i).padStart(3, "0")}`,
    cluster,
    namespace: ns,
    name: `fn-${String(i).padStart(3, "0")}`,
    uid: `uid-${i}`,
    resourceVersion: String(i),
    awsName: `aws-fn-${i}`,
    region: "eu-west-1",
    accountId: "111111111111",
    arn: null,
    statusState: "Active",
    conditions: [],
    deletionTimestamp: null,
    finalizers: [],
    aws: null,
    verdict: { health, summary: `summary ${i}`, since: null, reasons: [], actions: [] },
  });
}

const q = (s: string): RowQuery => {
  const r = parseRowQuery(new URLSearchParams(s));
  if (!r.ok) throw new Error(r.message);
  return r.query;
};

describe("parseRowQuery", () => {
  it("applies defaults", () => {
    expect(q("")).toMatchObject({ sort: "health", order: "asc", limit: 500 });
  });
  it.each([
    ["bogus=1", /unknown query parameter "bogus"/],
    ["health=stuck,broken", /invalid health "broken"/],
    ["limit=0", /at least 1/],
    ["limit=abc", /number/],
    ["limit=20001", /at most 20000/],
    ["sort=colour", /sort is one of/],
    ["order=up", /asc or desc/],
    ["namespace=Bad_NS", /DNS label/],
    ["cluster=a&cluster=b", /given 2 times/],
    [`q=${"x".repeat(201)}`, /at most 200/],
  ])("rejects %s", (s, re) => {
    const r = parseRowQuery(new URLSearchParams(s));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(re);
  });
});

describe("applyRowQuery", () => {
  const rows = [
    ...Array.from({ length: 30 }, (_, i) => row(i, HEALTH_VALUES[i % HEALTH_VALUES.length])),
    row(100, "stuck", "staging", "orders"),
  ];

  it("filters by cluster, namespace, health and text", () => {
    const r = applyRowQuery(rows, q("cluster=staging"));
    expect(r.ok && r.items.map((x) => x.id)).toEqual(["staging/orders/fn-100"]);
    const h = applyRowQuery(rows, q("health=stuck,terminal"));
    expect(h.ok && h.items.every((x) => ["stuck", "terminal"].includes(x.verdict.health))).toBe(true);
    expect(h.ok && h.total).toBe(rows.filter((x) => ["stuck", "terminal"].includes(x.verdict.health)).length);
    const t = applyRowQuery(rows, q("q=AWS-FN-7"));
    expect(t.ok && t.items.map((x) => x.name)).toEqual(["fn-007"]);
  });

  it("sorts worst health first by default, ties by id", () => {
    const r = applyRowQuery(rows, q(""));
    if (!r.ok) throw new Error(r.message);
    const ranks = r.items.map((x) => HEALTH_VALUES.indexOf(x.verdict.health));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(r.items[0].verdict.health).toBe("deletion-blocked");
  });

  it("pages with a cursor: every row exactly once, in order, for any sort", () => {
    for (const spec of ["sort=name&order=desc", "sort=health", "sort=cluster&order=asc"]) {
      const all = applyRowQuery(rows, q(`${spec}&limit=1000`));
      if (!all.ok) throw new Error(all.message);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = applyRowQuery(rows, q(`${spec}&limit=7${cursor ? `&cursor=${cursor}` : ""}`));
        if (!page.ok) throw new Error(page.message);
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(all.items.map((x) => x.id));
    }
  });

  it("a cursor survives rows added before it without repeating rows", () => {
    const first = applyRowQuery(rows, q("sort=name&limit=10"));
    if (!first.ok) throw new Error(first.message);
    const grown = [row(-1, "healthy"), ...rows];
    const second = applyRowQuery(grown, q(`sort=name&limit=10&cursor=${first.nextCursor}`));
    if (!second.ok) throw new Error(second.message);
    const overlap = second.items.filter((x) => first.items.some((y) => y.id === x.id));
    expect(overlap).toEqual([]);
  });

  it("rejects a forged or foreign cursor", () => {
    expect(applyRowQuery(rows, q("cursor=not-base64!!")).ok).toBe(false);
    const page = applyRowQuery(rows, q("sort=name&limit=5"));
    if (!page.ok) throw new Error(page.message);
    expect(applyRowQuery(rows, q(`sort=cluster&cursor=${page.nextCursor}`)).ok).toBe(false);
  });
});
