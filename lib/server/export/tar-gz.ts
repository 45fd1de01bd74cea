import "server-only";
import { Readable, pipeline } from "node:stream";
import { createGzip } from "node:zlib";

/**
 * A gzip-compressed tar archive written as its entries come (POSIX.1-2001 pax format: ustar
 * headers, and a pax extended header carrying the path when it is longer than ustar's 100
 * bytes; https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13).
 * Nothing is held but the entry being written, so an export of 50,000 objects streams. Read by
 * GNU tar, bsdtar and every tar library.
 */
export interface TarEntry {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, mtimeS: number, type: "0" | "x"): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtimeS, 12), 136, "ascii");
  h.write("        ", 148, "ascii");
  h.write(type, 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** A pax record "<len> path=<value>\n", whose length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`, "utf8");
}

export async function* tarBlocks(entries: AsyncIterable<TarEntry>, mtimeMs: number): AsyncGenerator<Buffer> {
  const mtime = Math.floor(mtimeMs / 1000);
  for await (const e of entries) {
    if (Buffer.byteLength(e.path) > 100) {
      const pax = paxRecord("path", e.path);
      yield Buffer.concat([header("PaxHeader/entry", pax.length, mtime, "x"), pax, padding(pax.length)]);
    }
    yield Buffer.concat([header(Buffer.byteLength(e.path) > 100 ? Buffer.from(e.path).subarray(0, 99).toString("latin1") : e.path, e.data.length, mtime, "0"), e.data, padding(e.data.length)]);
  }
  yield Buffer.alloc(2 * BLOCK);
}

/** The archive as a web stream (a Response body); an error while listing ends it with that error. */
export function tarGzStream(entries: AsyncIterable<TarEntry>, mtimeMs: number): ReadableStream<Uint8Array> {
  const gz = createGzip();
  // pipeline, not pipe: a failing source destroys the gzip stream, so the response ends in error
  // instead of looking complete.
  pipeline(Readable.from(tarBlocks(entries, mtimeMs)), gz, () => {});
  return Readable.toWeb(gz) as ReadableStream<Uint8Array>;
}
