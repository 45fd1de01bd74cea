/** crc32Combine (./crc32-combine.ts) says what zlib.crc32 says of the two strings joined. */
import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32Combine } from "./crc32-combine";

describe("crc32Combine", () => {
  it("is the CRC-32 of the concatenation, for empty, short and long strings", () => {
    const lengths = [0, 1, 2, 3, 7, 64, 1000, 4096, 65_537, 700_000];
    for (const la of lengths) {
      for (const lb of lengths) {
        const a = randomBytes(la);
        const b = randomBytes(lb);
        expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(Buffer.concat([a, b])));
      }
    }
  });
});
