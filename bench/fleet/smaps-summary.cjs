/**
 * Where a process's resident memory lives, by mapping (`/proc/<pid>/smaps`), for
 * `npm run bench:rss` (./memory-probe.cjs reads its own smaps with it). Kinds:
 * - `malloc arenas`: glibc's per-thread arenas. glibc (malloc/arena.c, `new_heap`) maps each
 *   non-main arena as a region of HEAP_MAX_SIZE (64 MiB on 64-bit) aligned to its size, read-write
 *   for the part in use and PROT_NONE for the rest; threads that malloc at once (the main thread,
 *   libuv's threadpool running zlib, a worker thread, V8's platform threads) get arenas of their
 *   own, up to 8 per core unless MALLOC_ARENA_MAX says otherwise.
 * - `[heap]`: the main arena (brk), `[stack]`, files (the node binary, shared libraries,
 *   native addons, others),
 * - `other anonymous`: V8's heap pages of every isolate, large allocations malloc mmaps on its
 *   own (above its mmap threshold, e.g. big Buffers), thread stacks.
 * Sizes in kB as smaps gives them; `rssKb` per kind and in all (equal to VmRSS).
 */
"use strict";

const ARENA = 64 * 1024 * 1024;

/** @param {string} text the contents of /proc/<pid>/smaps */
function parseSmaps(text) {
  const maps = [];
  let cur = null;
  for (const line of text.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      cur = { start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], path: head[4].trim(), rssKb: 0, anonKb: 0 };
      maps.push(cur);
      continue;
    }
    const field = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
    if (field && cur) {
      if (field[1] === "Rss") cur.rssKb = Number(field[2]);
      else cur.anonKb = Number(field[2]);
    }
  }
  return maps;
}

function fileKind(p, execPath) {
  if (p === execPath) return "file: the node binary";
  if (p.endsWith(".node")) return "file: native addons (.node)";
  if (/\.so(\.|$)/.test(p)) return "file: shared libraries";
  return "file: others";
}

/**
 * @param {string} text /proc/<pid>/smaps
 * @param {string} execPath the node binary's path (process.execPath)
 */
function summarizeSmaps(text, execPath) {
  const maps = parseSmaps(text);
  const kinds = new Map();
  const add = (kind, kb) => {
    const k = kinds.get(kind) ?? { rssKb: 0, mappings: 0 };
    k.rssKb += kb;
    k.mappings += 1;
    kinds.set(kind, k);
  };
  const arenas = [];
  const arenaPlaces = [];
  const size = BigInt(ARENA);
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    if (m.path.startsWith("/")) {
      add(fileKind(m.path, execPath), m.rssKb);
      continue;
    }
    if (m.path === "[heap]") arenaPlaces.push({ start: `0x${m.start.toString(16)}`, bytes: Number(m.end - m.start), rssKb: m.rssKb, main: true });
    if (m.path === "[heap]" || m.path === "[stack]") {
      add(m.path, m.rssKb);
      continue;
    }
    if (m.path.startsWith("[")) {
      add("[vdso, vvar, ...]", m.rssKb);
      continue;
    }
    // A non-main arena: starts on a 64 MiB boundary, read-write, and with the PROT_NONE rest
    // right after it fills exactly 64 MiB.
    const next = maps[i + 1];
    const rest = next && next.start === m.end && next.perms.startsWith("---") && !next.path ? next.end - next.start : 0n;
    if (m.start % size === 0n && m.perms.startsWith("rw") && m.end - m.start + rest === size) {
      arenas.push(m.rssKb);
      arenaPlaces.push({ start: `0x${m.start.toString(16)}`, bytes: Number(m.end - m.start), rssKb: m.rssKb });
      add("malloc arenas (64 MiB each, per thread)", m.rssKb);
      if (rest) i++;
      continue;
    }
    if (m.perms.startsWith("---")) continue; // reserved, never resident
    add(m.end - m.start >= 1024n * 1024n ? "other anonymous >= 1 MiB (V8's large objects and code, big mallocs)" : "other anonymous < 1 MiB (V8's 256 KiB heap pages)", m.rssKb);
  }
  const rssKb = [...kinds.values()].reduce((s, k) => s + k.rssKb, 0);
  return {
    rssKb,
    kinds: Object.fromEntries([...kinds].sort((a, b) => b[1].rssKb - a[1].rssKb)),
    arenas: { count: arenas.length, rssKb: arenas.reduce((a, b) => a + b, 0), eachKb: arenas.sort((a, b) => b - a) },
    /** Where the arenas and the main one ([heap], brk) are, largest resident first: ./arena-content.ts reads them. */
    arenaPlaces: arenaPlaces.sort((a, b) => b.rssKb - a.rssKb),
  };
}

module.exports = { parseSmaps, summarizeSmaps };
