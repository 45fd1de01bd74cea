import "server-only";
import zlib from "node:zlib";
import { crc32Combine } from "./crc32-combine";

/**
 * A body sent in parts (lib/server/fleet/list-answer.ts: a small head made per version, the
 * page's items kept across versions, a closing brace) gzip-encoded without compressing the
 * kept part again for each version. Each part is compressed on its own into raw deflate data
 * that ends on a byte boundary with a non-final block (Z_SYNC_FLUSH), the last part ends the
 * stream (Z_FINISH): deflate blocks may follow one another like that (RFC 1951 §3.2.3: only the
 * last block has BFINAL set; a sync flush ends on a byte boundary), so the parts' outputs, one
 * after the other, are one deflate stream; RFC 1952's header and trailer (CRC-32 and length of
 * the whole plain body) make it one gzip member, which every gzip reader accepts.
 *
 * A part's deflate is kept with the part (a WeakMap on the Buffer): it lives as long as the
 * part does, and the part's own cache bounds both (a deflate is a fraction of its text). Every
 * part's is kept: the page's chunks (lib/server/fleet/page-chunks.ts), the one-byte separators
 * between them (constants), and a version's head (gone with its version).
 */
const deflated = new WeakMap<Buffer, Buffer>();
/** Each part's CRC-32, kept as its deflate is; the body's is combined from them (./crc32-combine.ts). */
const crcs = new WeakMap<Buffer, number>();

/** zlib level 1: JSON rows shrink about as well as at 6, several times faster. */
const LEVEL = 1;

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

export function gzipParts(parts: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [HEADER];
  let crc = 0;
  let length = 0;
  parts.forEach((part, i) => {
    crc = crc32Combine(crc, partCrc(part), part.byteLength);
    length += part.byteLength;
    const last = i === parts.length - 1;
    out.push(last ? deflate(part, zlib.constants.Z_FINISH) : keptDeflate(part));
  });
  if (parts.length === 0) out.push(deflate(Buffer.alloc(0), zlib.constants.Z_FINISH));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  out.push(trailer);
  return out;
}

function partCrc(part: Buffer): number {
  let crc = crcs.get(part);
  if (crc === undefined) crcs.set(part, (crc = zlib.crc32(part)));
  return crc;
}

function keptDeflate(part: Buffer): Buffer {
  const before = deflated.get(part);
  if (before) return before;
  const made = deflate(part, zlib.constants.Z_SYNC_FLUSH);
  deflated.set(part, made);
  return made;
}

function deflate(part: Buffer, finishFlush: number): Buffer {
  return zlib.deflateRawSync(part, { level: LEVEL, finishFlush });
}
