/**
 * Reads a V8 CPU profile (`node --cpu-prof`, Chrome DevTools format) and names where the time
 * went: self time per function (the function running on the CPU) and total time (itself plus
 * what it called), each with its source location. Used by `bench:fleet --profile` and runnable
 * alone: `tsx bench/fleet/cpu-profile.ts FILE.cpuprofile [--top N] [--filter TEXT] [--window FROM_US-TO_US] [--long-tasks MS]`.
 */
import fs from "node:fs";

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  location: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  durationMs: number;
  /** Time not idle, not garbage collection, not "(program)". */
  busyMs: number;
  gcMs: number;
  idleMs: number;
  functions: FunctionTime[];
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  const cwd = `file://${process.cwd()}/`;
  return url.startsWith(cwd) ? url.slice(cwd.length) : url.replace(/^file:\/\//, "");
}

/**
 * A time window in microseconds of CLOCK_MONOTONIC: V8 stamps profiles with it on Linux, and
 * `process.hrtime.bigint() / 1000n` in another process reads the same clock, so a benchmark can
 * cut the profile of a server down to one phase of its load.
 */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export function summarizeProfile(profile: CpuProfile, window?: ProfileWindow): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });

  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}\t${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let gcUs = 0;
  let idleUs = 0;
  let programUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === "(garbage collector)") gcUs += us;
    if (name === "(idle)") idleUs += us;
    if (name === "(program)") programUs += us;
    const k = keyOf(node);
    self.set(k, (self.get(k) ?? 0) + us);
    // Inclusive time: once per distinct function on the stack (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const key = keyOf(n);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + us);
    }
  }
  const durationUs = window
    ? Math.min(profile.endTime, window.toUs) - Math.max(profile.startTime, window.fromUs)
    : profile.endTime - profile.startTime;
  const functions = [...total.keys()].map((k) => {
    const [name, location] = k.split("\t");
    return { name, location, selfMs: (self.get(k) ?? 0) / 1000, totalMs: (total.get(k) ?? 0) / 1000 };
  });
  return {
    durationMs: durationUs / 1000,
    busyMs: (durationUs - idleUs - gcUs - programUs) / 1000,
    gcMs: gcUs / 1000,
    idleMs: idleUs / 1000,
    functions,
  };
}

export function readProfile(file: string, window?: ProfileWindow): ProfileSummary {
  return summarizeProfile(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, window);
}

/** A stretch of samples with no idle one between them: one turn of the event loop, or several back to back. */
export interface LongTask {
  startUs: number;
  ms: number;
  gcMs: number;
  /** The functions most on the stack during it (total time), with their location. */
  top: Array<{ name: string; ms: number }>;
}

/** The stretches over `thresholdMs` without an idle sample (what held the event loop), longest first. */
export function longTasks(profile: CpuProfile, thresholdMs: number, window?: ProfileWindow, topN = 8): LongTask[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const out: LongTask[] = [];
  let run: { startUs: number; us: number; gcUs: number; total: Map<string, number> } | null = null;
  const close = () => {
    if (run && run.us / 1000 >= thresholdMs) {
      const skip = /^\((root|program|garbage collector)\)/;
      const top = [...run.total].filter(([k]) => !skip.test(k)).sort((a, b) => b[1] - a[1]).slice(0, topN).map(([name, us]) => ({ name, ms: us / 1000 }));
      out.push({ startUs: run.startUs, ms: run.us / 1000, gcMs: run.gcUs / 1000, top });
    }
    run = null;
  };
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < window.fromUs || at > window.toUs)) return close();
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") return close();
    run ??= { startUs: at, us: 0, gcUs: 0, total: new Map() };
    run.us += dt;
    if (node.callFrame.functionName === "(garbage collector)") run.gcUs += dt;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const k = keyOf(n);
      if (seen.has(k)) continue;
      seen.add(k);
      run.total.set(k, (run.total.get(k) ?? 0) + dt);
    }
  });
  close();
  return out.sort((a, b) => b.ms - a.ms);
}

/** Now, on the clock profiles are stamped with (see ProfileWindow). */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The top functions by self and by total time, as text lines. */
export function formatProfile(s: ProfileSummary, top = 25, filter?: string): string {
  const pick = (fs_: FunctionTime[]) => (filter ? fs_.filter((f) => `${f.name} ${f.location}`.includes(filter)) : fs_);
  const line = (f: FunctionTime) => `  ${f.selfMs.toFixed(0).padStart(7)} ms self ${f.totalMs.toFixed(0).padStart(7)} ms total  ${f.name}  ${f.location}`;
  const skip = new Set(["(root)", "(program)", "(idle)"]);
  const bySelf = pick(s.functions.filter((f) => !skip.has(f.name))).sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  const byTotal = pick(s.functions.filter((f) => !skip.has(f.name))).sort((a, b) => b.totalMs - a.totalMs).slice(0, top);
  return [
    `profile: ${s.durationMs.toFixed(0)} ms, busy ${s.busyMs.toFixed(0)} ms, GC ${s.gcMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms`,
    "by self time:",
    ...bySelf.map(line),
    "by total time:",
    ...byTotal.map(line),
  ].join("\n");
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: tsx bench/fleet/cpu-profile.ts FILE.cpuprofile [--top N] [--filter TEXT] [--window FROM_US-TO_US]");
    process.exit(2);
  }
  const i = process.argv.indexOf("--top");
  const f = process.argv.indexOf("--filter");
  const w = process.argv.indexOf("--window");
  const [fromUs, toUs] = w > 0 ? process.argv[w + 1].split("-").map(Number) : [];
  const window = fromUs && toUs ? { fromUs, toUs } : undefined;
  const l = process.argv.indexOf("--long-tasks");
  if (l > 0) {
    const tasks = longTasks(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, Number(process.argv[l + 1]), window);
    console.log(`${tasks.length} stretches without idle over ${process.argv[l + 1]} ms (${tasks.reduce((n, t) => n + t.ms, 0).toFixed(0)} ms in all)`);
    for (const t of tasks.slice(0, i > 0 ? Number(process.argv[i + 1]) : 25)) {
      console.log(`${t.ms.toFixed(0)} ms at ${t.startUs} (GC ${t.gcMs.toFixed(0)} ms)`);
      for (const f of t.top) console.log(`    ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
    }
    process.exit(0);
  }
  console.log(formatProfile(readProfile(file, window), i > 0 ? Number(process.argv[i + 1]) : 25, f > 0 ? process.argv[f + 1] : undefined));
}
