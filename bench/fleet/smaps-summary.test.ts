import { describe, expect, it } from "vitest";
import { summarizeSmaps } from "./smaps-summary.cjs";

/** One smaps entry: a header line and the two fields the summary reads. */
function mapping(start: bigint, end: bigint, perms: string, file: string, rssKb: number): string {
  return [`${start.toString(16)}-${end.toString(16)} ${perms} 00000000 00:00 0    ${file}`, `Rss:            ${rssKb} kB`, `Anonymous:      ${rssKb} kB`].join("\n");
}

const MiB = 1024n * 1024n;

describe("smaps summary", () => {
  it("counts glibc's 64 MiB arenas (read-write part + PROT_NONE rest) apart from V8's pages and files", () => {
    const arena = 0x7f0000000000n; // 64 MiB aligned
    const text = [
      mapping(0x400000n, 0x500000n, "r-xp", "/usr/bin/node", 4000),
      mapping(0x600000n, 0x700000n, "rw-p", "[heap]", 900),
      mapping(arena, arena + 20n * MiB, "rw-p", "", 18000),
      mapping(arena + 20n * MiB, arena + 64n * MiB, "---p", "", 0),
      mapping(arena + 64n * MiB, arena + 128n * MiB, "rw-p", "", 60000), // a whole arena in use
      // not an arena: aligned, but its rest does not make 64 MiB
      mapping(arena + 128n * MiB, arena + 129n * MiB, "rw-p", "", 1000),
      mapping(arena + 129n * MiB, arena + 130n * MiB, "---p", "", 0),
      mapping(arena + 200n * MiB, arena + 200n * MiB + 256n * 1024n, "rw-p", "", 256),
      mapping(0x7ff000000000n, 0x7ff000100000n, "r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6", 700),
      mapping(0x7ff100000000n, 0x7ff100100000n, "r-xp", "/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node", 300),
    ].join("\n");
    const s = summarizeSmaps(text, "/usr/bin/node");
    expect(s.arenas).toEqual({ count: 2, rssKb: 78000, eachKb: [60000, 18000] });
    expect(s.kinds["file: the node binary"].rssKb).toBe(4000);
    expect(s.kinds["file: shared libraries"].rssKb).toBe(700);
    expect(s.kinds["file: native addons (.node)"].rssKb).toBe(300);
    expect(s.kinds["[heap]"].rssKb).toBe(900);
    expect(s.kinds["other anonymous >= 1 MiB (V8's large objects and code, big mallocs)"].rssKb).toBe(1000);
    expect(s.kinds["other anonymous < 1 MiB (V8's 256 KiB heap pages)"].rssKb).toBe(256);
    expect(s.rssKb).toBe(4000 + 900 + 78000 + 1000 + 256 + 700 + 300);
  });
});
