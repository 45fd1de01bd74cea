import zlib from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { gzipParts } from "./gzip-parts";

describe("gzipParts", () => {
  const big = Buffer.from(`[${Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `c/ns/f-${i}`, health: i % 3 ? "healthy" : "stuck" })).join(",")}]`);

  it("is one gzip member of the parts' concatenation, for any split", () => {
    const splits: Buffer[][] = [[Buffer.from('{"a":1,"items":'), big, Buffer.from("}")], [Buffer.concat([Buffer.from('{"items":'), big, Buffer.from("}")])], [Buffer.from("{"), Buffer.alloc(0), Buffer.from("}")], []];
    for (const parts of splits) {
      const gz = Buffer.concat(gzipParts(parts));
      expect(zlib.gunzipSync(gz).equals(Buffer.concat(parts))).toBe(true);
      // One member: a reader that stops after the first member (no multi-member support) reads it all.
      expect(zlib.gunzipSync(gz, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).equals(Buffer.concat(parts))).toBe(true);
    }
  });

  it("compresses a large part once and keeps it across bodies that share it", () => {
    const a = gzipParts([Buffer.from('{"v":1,"items":'), big, Buffer.from("}")]);
    const b = gzipParts([Buffer.from('{"v":2,"items":'), big, Buffer.from("}")]);
    expect(a[2]).toBe(b[2]);
    expect(a[1]).not.toBe(b[1]);
    expect(zlib.gunzipSync(Buffer.concat(b)).toString()).toBe(`{"v":2,"items":${big.toString()}}`);
    expect(Buffer.concat(a).byteLength).toBeLessThan(big.byteLength / 4);
  });

  it("computes a kept part's CRC once: a body that shares it reads only its new parts", () => {
    const close = Buffer.from("}");
    gzipParts([Buffer.from('{"v":1,"items":'), big, close]);
    const crc32 = vi.spyOn(zlib, "crc32");
    try {
      const head = Buffer.from('{"v":2,"items":');
      const gz = Buffer.concat(gzipParts([head, big, close]));
      expect(zlib.gunzipSync(gz).equals(Buffer.concat([head, big, close]))).toBe(true);
      expect(crc32.mock.calls.map((c) => (c[0] as Buffer).byteLength)).toEqual([head.byteLength]);
    } finally {
      crc32.mockRestore();
    }
  });
});
