/**
 * Preloaded into the dashboard by `npm run bench:rss` (`node -r bench/fleet/memory-probe.cjs`):
 * on SIGUSR2 it writes the process's memory as V8 and Node see it to
 * `$ACK_BENCH_MEMORY_PROBE.json`: process.memoryUsage() and the heap spaces, then the same after
 * two full GCs (when run with --expose-gc), and a heap snapshot when
 * `$ACK_BENCH_MEMORY_PROBE.snapshot` names a file to write. Nothing of it is in the product.
 */
"use strict";
const fs = require("node:fs");
const v8 = require("node:v8");

const prefix = process.env.ACK_BENCH_MEMORY_PROBE;
if (prefix) {
  const read = () => ({
    ...process.memoryUsage(),
    spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])),
  });
  process.on("SIGUSR2", () => {
    const before = read();
    if (typeof globalThis.gc === "function") {
      globalThis.gc();
      globalThis.gc();
    }
    const afterGc = read();
    let snapshot = null;
    const wanted = `${prefix}.snapshot`;
    if (fs.existsSync(wanted)) {
      snapshot = fs.readFileSync(wanted, "utf8").trim();
      fs.rmSync(wanted);
      v8.writeHeapSnapshot(snapshot);
    }
    fs.writeFileSync(`${prefix}.json.tmp`, JSON.stringify({ at: Date.now(), before, afterGc, snapshot }));
    fs.renameSync(`${prefix}.json.tmp`, `${prefix}.json`);
  });
}
