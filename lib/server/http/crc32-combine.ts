import "server-only";

/**
 * The CRC-32 (RFC 1952's, zlib's) of two byte strings one after the other, from the CRC of
 * each and the length of the second: zlib's crc32_combine() (zlib 1.2.12+ crc32.c, multmodp
 * and x2nmodp: multiplying by x^(8·len2) modulo the CRC polynomial). Node's zlib exposes
 * crc32() but not the combine: with it, the kept parts of a gzip body (./gzip-parts.ts) keep
 * their CRC too, and a new version's body costs the CRC of its new parts only, not ~0.45 ms
 * for a 600 KB page.
 */
const POLY = 0xedb88320;

/** a(x)·b(x) modulo p(x), reflected as zlib's CRCs are. */
function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^n) modulo p(x), n = 0..31. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 0x40000000; // x^1
  table.push(p);
  for (let n = 1; n < 32; n++) table.push((p = multmodp(p, p)));
  return table;
})();

/** x^(n·2^k) modulo p(x). */
function x2nmodp(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multmodp(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

export function crc32Combine(crc1: number, crc2: number, length2: number): number {
  return (multmodp(x2nmodp(length2, 3), crc1 >>> 0) ^ (crc2 >>> 0)) >>> 0;
}
