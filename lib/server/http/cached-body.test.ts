import { describe, expect, it } from "vitest";
import { matchesEtag, respondTagged } from "./cached-body";

describe("tagged JSON bodies", () => {
  it.each([
    ['"a-1"', '"a-1"', true],
    ['W/"a-1"', '"a-1"', true],
    ['"x", "a-1"', '"a-1"', true],
    ["*", '"a-1"', true],
    ['"a-2"', '"a-1"', false],
    [null, '"a-1"', false],
  ])("If-None-Match %j matches %j: %s", (header, etag, ok) => {
    expect(matchesEtag(header, etag)).toBe(ok);
  });

  it("answers 304 without a body when the client holds the tag, else the body with its tag", async () => {
    const body = { etag: '"t-1"', json: Buffer.from('{"items":[]}') };
    const r304 = respondTagged(new Request("http://x/", { headers: { "if-none-match": '"t-1"' } }), body);
    expect(r304.status).toBe(304);
    expect(r304.headers.get("etag")).toBe('"t-1"');
    expect(await r304.text()).toBe("");
    const plain = respondTagged(new Request("http://x/", { headers: { "if-none-match": '"t-0"' } }), body);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("etag")).toBe('"t-1"');
    expect(plain.headers.get("content-encoding")).toBeNull(); // Next's server compresses (and would drop it)
    expect(await plain.text()).toBe('{"items":[]}');
  });

  it("sends the same kept bytes to every request, whole (the chunk is shared, never detached)", async () => {
    const body = { etag: '"t-2"', json: Buffer.from(JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ id: `r-${i}` })) })) };
    const texts = await Promise.all([1, 2, 3].map(() => respondTagged(new Request("http://x/"), body).text()));
    for (const t of texts) expect(t).toBe(body.json.toString("utf8"));
    expect(body.json.byteLength).toBeGreaterThan(0);
    const parts = { etag: '"t-3"', json: [Buffer.from('{"a":1,"items":'), Buffer.from("[1,2]"), Buffer.from("}")] };
    expect(await respondTagged(new Request("http://x/"), parts).json()).toEqual({ a: 1, items: [1, 2] });
  });
});
