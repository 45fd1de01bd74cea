import { describe, expect, it } from "vitest";
import { sameJson } from "./fleet";

describe("sameJson (the verdict sweep's comparison)", () => {
  const verdict = { health: "stuck", summary: "s", since: null, reasons: [{ code: "a", text: "t" }], actions: [], driftedFields: undefined };
  it("agrees with comparing JSON texts for verdict-shaped values", () => {
    const cases: Array<[unknown, unknown]> = [
      [verdict, structuredClone(verdict)],
      [verdict, { ...verdict, summary: "other" }],
      [verdict, { ...verdict, reasons: [] }],
      [verdict, { ...verdict, reasons: [{ code: "a", text: "t", source: "x" }] }],
      [verdict, { ...verdict, since: "2026-01-01T00:00:00Z" }],
      [{ a: [1, 2] }, { a: [1, 2, 3] }],
      [{ a: [1, 2] }, { a: { 0: 1, 1: 2 } }],
      [null, undefined],
      [{ a: undefined }, {}],
    ];
    for (const [a, b] of cases) expect([a, b, sameJson(a, b)]).toEqual([a, b, JSON.stringify(a) === JSON.stringify(b)]);
  });
});
