/**
 * The list API over the production server's own HTTP: the kept body of a version reaches every
 * client whole, compressed when the client accepts gzip (the list fast lane sends the gzip kept
 * with the answer, lib/server/http/list-fast-lane.ts), plain when it does not, with an ETag that
 * answers 304.
 * Raw HTTP (node:http), not fetch: fetch decompresses and hides what was sent.
 */
import zlib from "node:zlib";
import { FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import { expect, test } from "./fixtures";
import { rawRequest, type Raw } from "./raw-http";

const get = (url: string, headers: Record<string, string>) => rawRequest(url, headers);

test.describe("GET /api/functions over HTTP", () => {
  test("gzip when accepted, the same JSON as the plain answer of the same version, 304 for the held tag", async ({ baseURL }) => {
    const url = `${baseURL}/api/functions?limit=50`;
    // The demo fleet changes now and then: take a plain and a gzip answer of one version (same ETag).
    let pair: { plain: Raw; gzip: Raw } | null = null;
    for (let i = 0; i < 20 && !pair; i++) {
      const plain = await get(url, { "Accept-Encoding": "identity" });
      const gzip = await get(url, { "Accept-Encoding": "gzip, deflate, br" });
      if (plain.headers.etag === gzip.headers.etag) pair = { plain, gzip };
    }
    expect(pair, "a plain and a gzip answer of the same version within 20 tries").not.toBeNull();
    const { plain, gzip } = pair!;
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzip.status).toBe(200);
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzip.body.byteLength).toBeLessThan(plain.body.byteLength);
    const unzipped = zlib.gunzipSync(gzip.body);
    expect(unzipped.equals(plain.body)).toBe(true);
    const list = FunctionListResponseSchema.parse(JSON.parse(plain.body.toString("utf8")));
    expect(list.items.length).toBe(50);
    expect(plain.headers["cache-control"]).toBe("private, no-cache");

    // The tag held: 304 without a body (when the fleet moved on meanwhile, the new version's
    // answer and tag come instead: hold that one).
    let tag = plain.headers.etag!;
    let notModified: Raw | null = null;
    for (let i = 0; i < 20 && !notModified; i++) {
      const held = await get(url, { "Accept-Encoding": "gzip", "If-None-Match": tag });
      if (held.status === 304) notModified = held;
      else {
        expect(held.status).toBe(200);
        expect(held.headers.etag).not.toBe(tag);
        tag = held.headers.etag!;
      }
    }
    expect(notModified?.headers.etag).toBe(tag);
    expect(notModified?.body.byteLength).toBe(0);
  });
});
