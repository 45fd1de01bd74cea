import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, matchesEtag, respondTagged } from "./cached-body";

describe("tagged JSON bodies", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.5", true],
    ["gzip;q=0", false],
    ["*", true],
    ["identity", false],
    ["", false],
  ])("Accept-Encoding %j accepts gzip: %s", (header, ok) => {
    expect(acceptsGzip(header)).toBe(ok);
  });

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

  it("answers 304 without a body, gzip when accepted, plain otherwise", async () => {
    const json = Buffer.from('{"items":[]}');
    let zipped = 0;
    const body = { etag: '"t-1"', json, gzip: () => (zipped++, gzipSync(json)) };
    const r304 = respondTagged(new Request("http://x/", { headers: { "if-none-match": '"t-1"' } }), body);
    expect(r304.status).toBe(304);
    expect(r304.headers.get("etag")).toBe('"t-1"');
    expect(zipped).toBe(0);
    const gz = respondTagged(new Request("http://x/", { headers: { "accept-encoding": "gzip" } }), body);
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("vary")).toBe("Accept-Encoding");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe('{"items":[]}');
    const plain = respondTagged(new Request("http://x/"), body);
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe('{"items":[]}');
  });
});
