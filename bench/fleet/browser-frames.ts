/**
 * What each long frame of a phase was, from a Chromium trace (./browser.ts `traceDir`) in which
 * the page marked its frames (`performance.mark("bench-frame")` on every animation frame of the
 * scroll; `bench-key-down` / `bench-key-shown` around each keystroke). For every frame over the
 * threshold (and every keystroke), the tasks of the page's main thread that ran inside it, each
 * with its wall time against the thread's own CPU time (a task whose wall time is far above its
 * CPU time was waiting for a core: other processes on a shared machine), and the work inside
 * them by self time (script, style, layout, paint, GC) and by script function.
 *
 *   tsx bench/fleet/browser-frames.ts FILE.trace.json [--long MS]
 */
import { addSelfTimes, readTrace } from "./browser-trace";

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } };
}

export interface FrameTask {
  atMs: number;
  wallMs: number;
  cpuMs: number | null;
  /** Self time per kind of work inside the task, largest first. */
  work: Array<{ name: string; ms: number }>;
  /** Script entry points (FunctionCall, EventDispatch, TimerFire...) by total time. */
  entries: Array<{ name: string; ms: number }>;
}

export interface SlowSpan {
  label: string;
  atMs: number;
  ms: number;
  /** The main thread's tasks overlapping it. */
  tasks: FrameTask[];
  /** Main-thread time in tasks during the span (wall) and of that the thread's CPU time. */
  busyMs: number;
  cpuMs: number;
  /** Wall time the other renderer and GPU/browser threads of Chromium ran tasks meanwhile. */
  otherThreadsMs: number;
}

function mainThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const marks = events.find((e) => e.name.startsWith("bench-"));
  if (marks) return { pid: marks.pid, tid: marks.tid };
  return null;
}

const ENTRY = /^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|FireIdleCallback|XHRReadyStateChange|ParseHTML|v8\.callFunction|HandlePostMessage)$/;

function entryName(e: TraceEvent): string {
  const d = e.args?.data;
  if (e.name === "FunctionCall" && d) return `FunctionCall ${d.functionName || "(anonymous)"} ${(d.url ?? "").replace(/^.*\/_next\//, "")}`;
  if (e.name === "EventDispatch" && d?.type) return `EventDispatch ${d.type}`;
  return e.name;
}

function describeTask(task: TraceEvent, mine: TraceEvent[], t0: number): FrameTask {
  const self = new Map<string, number>();
  const entries = new Map<string, number>();
  addSelfTimes(task, mine, self, (e, open) => {
    if (ENTRY.test(e.name) && !open.some((o) => ENTRY.test(o.name))) entries.set(entryName(e), (entries.get(entryName(e)) ?? 0) + (e.dur ?? 0));
  });
  const list = (m: Map<string, number>) => [...m].map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 })).filter((x) => x.ms >= 0.5).sort((a, b) => b.ms - a.ms).slice(0, 8);
  return {
    atMs: Math.round((task.ts - t0) / 100) / 10,
    wallMs: Math.round((task.dur ?? 0) / 100) / 10,
    cpuMs: typeof task.tdur === "number" ? Math.round(task.tdur / 100) / 10 : null,
    work: list(self),
    entries: list(entries),
  };
}

/** The spans between consecutive marks named `frame` over `longMs`, and every keystroke, with what ran in them. */
export function slowSpans(events: TraceEvent[], longMs = 50): SlowSpan[] {
  const main = mainThread(events);
  if (!main) return [];
  const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = mine.filter((e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask");
  const others = events.filter((e) => e.ph === "X" && e.name === "RunTask" && !(e.pid === main.pid && e.tid === main.tid));
  const marks = events.filter((e) => e.pid === main.pid && e.name.startsWith("bench-") && (e.ph === "R" || e.ph === "I" || e.ph === "i" || e.ph === "b" || e.ph === "n")).sort((a, b) => a.ts - b.ts);
  const spans: Array<{ label: string; from: number; to: number }> = [];
  const frames = marks.filter((m) => m.name === "bench-frame");
  for (let i = 1; i < frames.length; i++) if (frames[i].ts - frames[i - 1].ts > longMs * 1000) spans.push({ label: `frame ${i}`, from: frames[i - 1].ts, to: frames[i].ts });
  const downs = marks.filter((m) => m.name === "bench-key-down");
  for (const d of downs) {
    const shown = marks.find((m) => m.name === "bench-key-shown" && m.ts > d.ts);
    if (shown) spans.push({ label: `key ${downs.indexOf(d) + 1}`, from: d.ts, to: shown.ts });
  }
  return spans.map((s) => {
    const overlapping = tasks.filter((t) => t.ts < s.to && t.ts + (t.dur ?? 0) > s.from);
    const busyUs = overlapping.reduce((a, t) => a + Math.min(t.ts + (t.dur ?? 0), s.to) - Math.max(t.ts, s.from), 0);
    const cpuUs = overlapping.reduce((a, t) => a + (t.tdur ?? 0) * ((Math.min(t.ts + (t.dur ?? 0), s.to) - Math.max(t.ts, s.from)) / Math.max(1, t.dur ?? 1)), 0);
    const otherUs = others.filter((t) => t.ts < s.to && t.ts + (t.dur ?? 0) > s.from).reduce((a, t) => a + Math.min(t.ts + (t.dur ?? 0), s.to) - Math.max(t.ts, s.from), 0);
    return {
      label: s.label,
      atMs: Math.round((s.from - t0) / 100) / 10,
      ms: Math.round((s.to - s.from) / 100) / 10,
      tasks: overlapping.filter((t) => (t.dur ?? 0) >= 2000).map((t) => describeTask(t, mine, t0)),
      busyMs: Math.round(busyUs / 100) / 10,
      cpuMs: Math.round(cpuUs / 100) / 10,
      otherThreadsMs: Math.round(otherUs / 100) / 10,
    };
  });
}

export function formatSpans(spans: SlowSpan[]): string {
  const out: string[] = [];
  for (const s of spans) {
    out.push(`${s.label} at ${s.atMs} ms: ${s.ms} ms; main thread in tasks ${s.busyMs} ms (its CPU ${s.cpuMs} ms); other Chromium threads ${s.otherThreadsMs} ms`);
    for (const t of s.tasks) {
      out.push(`    task at ${t.atMs} ms: ${t.wallMs} ms wall, ${t.cpuMs ?? "?"} ms CPU`);
      out.push(`      work: ${t.work.map((w) => `${w.name} ${w.ms}`).join(", ")}`);
      if (t.entries.length) out.push(`      entries: ${t.entries.map((w) => `${w.name} ${w.ms}`).join(", ")}`);
    }
  }
  return out.join("\n");
}

if (process.argv[1] && /browser-frames\.ts$/.test(process.argv[1])) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: browser-frames.ts FILE.trace.json [--long MS]");
  const i = process.argv.indexOf("--long");
  console.log(formatSpans(slowSpans(readTrace(file) as TraceEvent[], i > 0 ? Number(process.argv[i + 1]) : 50)));
}
