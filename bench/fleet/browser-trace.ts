/**
 * What the page's main thread did in a Chromium trace (./browser.ts `traceDir`): every task over
 * 50 ms (a Long Task), and over all of them the self time per kind of work (script, style,
 * layout, paint, garbage collection...), so that a long frame names its cause even where the CPU
 * profile only says "(program)".
 *
 *   tsx bench/fleet/browser-trace.ts FILE.trace.json [--long MS]
 */
import fs from "node:fs";

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * Adds to `self` each event's self time inside `task` (its duration less its children's: events
 * nest by time on one thread; `mine` is the thread's events sorted by start, longest first), the
 * task's own remainder as "RunTask (other)". `onEnter` sees each event as it opens, with the
 * events it is inside.
 */
export function addSelfTimes<E extends TraceEvent>(task: E, mine: E[], self: Map<string, number>, onEnter?: (e: E, open: E[]) => void): void {
  const end = task.ts + (task.dur ?? 0);
  const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
  const stack: Array<{ e: E; childUs: number }> = [{ e: task, childUs: 0 }];
  const close = (upTo: number) => {
    while (stack.length > 1 && stack[stack.length - 1].e.ts + (stack[stack.length - 1].e.dur ?? 0) <= upTo) {
      const done = stack.pop()!;
      self.set(done.e.name, (self.get(done.e.name) ?? 0) + (done.e.dur ?? 0) - done.childUs);
      stack[stack.length - 1].childUs += done.e.dur ?? 0;
    }
  };
  for (const e of inside) {
    close(e.ts);
    onEnter?.(e, stack.map((s) => s.e));
    stack.push({ e, childUs: 0 });
  }
  close(Infinity);
  self.set("RunTask (other)", (self.get("RunTask (other)") ?? 0) + (task.dur ?? 0) - stack[0].childUs);
}

export interface TraceSummary {
  /** Tasks on the main thread over `longMs`. */
  longTasks: number;
  longTasksMs: number;
  /** Self time per event name inside those tasks, largest first. */
  selfMs: Array<{ name: string; ms: number }>;
}

/** The renderer main thread that ran the most: the page under test. */
function mainThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const mains = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  let best: { pid: number; tid: number; us: number } | null = null;
  for (const m of mains) {
    const us = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === "X" && e.name === "RunTask").reduce((a, e) => a + (e.dur ?? 0), 0);
    if (!best || us > best.us) best = { pid: m.pid, tid: m.tid, us };
  }
  return best;
}

export function summarizeTrace(events: TraceEvent[], longMs = 50): TraceSummary {
  const main = mainThread(events);
  if (!main) return { longTasks: 0, longTasksMs: 0, selfMs: [] };
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  let longTasks = 0;
  let longUs = 0;
  for (const task of mine.filter((e) => e.name === "RunTask" && (e.dur ?? 0) > longMs * 1000)) {
    longTasks++;
    longUs += task.dur ?? 0;
    addSelfTimes(task, mine, self);
  }
  return {
    longTasks,
    longTasksMs: Math.round(longUs / 1000),
    selfMs: [...self].map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 })).sort((a, b) => b.ms - a.ms),
  };
}

export function readTrace(file: string): TraceEvent[] {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
}

export function formatTrace(s: TraceSummary, top = 15): string {
  return [`${s.longTasks} tasks over the threshold, ${s.longTasksMs} ms; self time inside them:`, ...s.selfMs.slice(0, top).map((x) => `  ${String(x.ms).padStart(8)} ms  ${x.name}`)].join("\n");
}

if (process.argv[1] && /browser-trace\.ts$/.test(process.argv[1])) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: browser-trace.ts FILE.trace.json [--long MS]");
  const i = process.argv.indexOf("--long");
  console.log(formatTrace(summarizeTrace(readTrace(file), i > 0 ? Number(process.argv[i + 1]) : 50)));
}
