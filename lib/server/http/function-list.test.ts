/**
 * The list's query parsed once per text seen lately (./function-list.ts): the same text gives
 * the same frozen result, other spellings their own, bad queries their message, and no more
 * than PARSED_QUERIES texts are kept.
 */
import { describe, expect, it } from "vitest";
import { parseRowQuery } from "@/lib/domain/row-query";
import { PARSED_QUERIES, parsedRowQuery } from "./function-list";

const params = (text: string) => new URLSearchParams(text);

describe("parsedRowQuery", () => {
  it("gives the same frozen query for the same text, as parseRowQuery parses it", () => {
    const a = parsedRowQuery(params("limit=500&health=stuck,deletion-blocked&q=invoice"));
    const b = parsedRowQuery(params("limit=500&health=stuck,deletion-blocked&q=invoice"));
    expect(b).toBe(a);
    expect(a).toEqual(parseRowQuery(params("limit=500&health=stuck,deletion-blocked&q=invoice")));
    expect(Object.isFrozen(a.ok && a.query)).toBe(true);
    expect(Object.isFrozen(a.ok && a.query.health)).toBe(true);
    expect(parsedRowQuery(params("limit=400"))).not.toBe(a);
  });

  it("answers a bad query with its message, every time", () => {
    expect(parsedRowQuery(params("limit=0"))).toEqual({ ok: false, message: "limit is at least 1" });
    expect(parsedRowQuery(params("limit=0"))).toEqual({ ok: false, message: "limit is at least 1" });
  });

  it("keeps at most PARSED_QUERIES texts: the oldest is parsed again", () => {
    const first = parsedRowQuery(params("q=first"));
    for (let i = 0; i < PARSED_QUERIES; i++) parsedRowQuery(params(`q=other-${i}`));
    const again = parsedRowQuery(params("q=first"));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
