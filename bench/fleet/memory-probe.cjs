/**
 * Preloaded into the dashboard by `npm run bench:rss` (`node -r bench/fleet/memory-probe.cjs`):
 * on SIGUSR2 it writes the process's memory as V8 and Node see it to
 * `$ACK_BENCH_MEMORY_PROBE.json`: process.memoryUsage() and the heap spaces, then the same after
 * two full GCs (when run with --expose-gc), where the resident memory lives by mapping
 * (/proc/self/smaps: malloc arenas, files, V8's pages; ./smaps-summary.cjs), the heap of every
 * worker thread (the timeline's SQLite writer: node runs `-r` preloads in worker threads too, and
 * each of them answers a request file with its own isolate's figures, before and after a GC of
 * its own), and a heap snapshot when `$ACK_BENCH_MEMORY_PROBE.snapshot` names a file to write.
 * Nothing of it is in the product.
 */
"use strict";
const fs = require("node:fs");
const v8 = require("node:v8");
const { isMainThread, threadId } = require("node:worker_threads");
const { summarizeSmaps } = require("./smaps-summary.cjs");

const prefix = process.env.ACK_BENCH_MEMORY_PROBE;

const read = () => ({
  ...process.memoryUsage(),
  heapStats: v8.getHeapStatistics(),
  spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])),
});

function collect() {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
}

/** A worker thread: each new `<prefix>.threads-wanted` generation gets `<prefix>.thread-<id>-<generation>.json`. */
function answerAsThread() {
  let answered = "";
  setInterval(() => {
    let wanted;
    try {
      wanted = fs.readFileSync(`${prefix}.threads-wanted`, "utf8").trim();
    } catch {
      return;
    }
    if (wanted === answered) return;
    answered = wanted;
    const heap = (u) => ({ heapTotal: u.heapStats.total_heap_size, heapUsed: u.heapStats.used_heap_size, external: u.heapStats.external_memory, mallocedMemory: u.heapStats.malloced_memory, peakMallocedMemory: u.heapStats.peak_malloced_memory, spaces: u.spaces });
    const before = heap(read());
    collect();
    const afterGc = heap(read());
    const file = `${prefix}.thread-${threadId}-${wanted}.json`;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ threadId, before, afterGc }));
    fs.renameSync(`${file}.tmp`, file);
  }, 200).unref();
}

async function threadFigures(generation) {
  fs.writeFileSync(`${prefix}.threads-wanted`, generation);
  await new Promise((r) => setTimeout(r, 1500));
  const dir = require("node:path").dirname(prefix);
  const base = require("node:path").basename(prefix);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${base}.thread-`) && f.endsWith(`-${generation}.json`))
    .map((f) => JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8")));
}

/**
 * An allocation profile on request: when `$ACK_BENCH_MEMORY_PROBE.sample` appears (JSON
 * `{ seconds, file }`), V8's sampling heap profiler runs for that long counting every sampled
 * allocation, also those a GC collected since (what was allocated, not what is left), and
 * writes its profile to `file` (then `file.done`). Read by ./alloc-profile.ts.
 */
function answerSampling() {
  let busy = false;
  setInterval(() => {
    if (busy || !fs.existsSync(`${prefix}.sample`)) return;
    busy = true;
    const { seconds, file } = JSON.parse(fs.readFileSync(`${prefix}.sample`, "utf8"));
    fs.rmSync(`${prefix}.sample`);
    const session = new (require("node:inspector").Session)();
    session.connect();
    const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
    post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
      .then(() => new Promise((r) => setTimeout(r, seconds * 1000)))
      .then(() => post("HeapProfiler.stopSampling"))
      .then((r) => {
        fs.writeFileSync(file, JSON.stringify(r.profile));
        fs.writeFileSync(`${file}.done`, "");
      })
      .catch((err) => fs.writeFileSync(`${file}.done`, String(err)))
      .finally(() => {
        session.disconnect();
        busy = false;
      });
  }, 250).unref();
}

if (prefix && !isMainThread) answerAsThread();
if (prefix && isMainThread) answerSampling();
if (prefix && isMainThread) {
  let generation = 0;
  process.on("SIGUSR2", async () => {
    const before = read();
    const smapsBefore = summarizeSmaps(fs.readFileSync("/proc/self/smaps", "utf8"), process.execPath);
    collect();
    const afterGc = read();
    const smapsAfterGc = summarizeSmaps(fs.readFileSync("/proc/self/smaps", "utf8"), process.execPath);
    const threads = await threadFigures(String(++generation));
    let snapshot = null;
    const wanted = `${prefix}.snapshot`;
    if (fs.existsSync(wanted)) {
      snapshot = fs.readFileSync(wanted, "utf8").trim();
      fs.rmSync(wanted);
      v8.writeHeapSnapshot(snapshot);
    }
    fs.writeFileSync(`${prefix}.json.tmp`, JSON.stringify({ at: Date.now(), before, afterGc, smapsBefore, smapsAfterGc, threads }));
    fs.renameSync(`${prefix}.json.tmp`, `${prefix}.json`);
  });
}
