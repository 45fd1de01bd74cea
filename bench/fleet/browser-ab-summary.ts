/**
 * One line per browser-only.ts run (its log and `--trace` folder): the keystrokes and scroll
 * frames as measured in the page (wall time), and from the trace the page main thread's own CPU
 * time per scroll frame and per keystroke, and what the live stream cost it between frames. On
 * a shared machine the wall figures follow the load; the CPU times much less, so A/B runs are
 * compared on both. `--work` adds, per scroll frame at the median, the main thread's self time by
 * kind (script, style, layout, paint...: ./browser-trace.ts) summed over the frame's tasks, and
 * how many scroll frames changed the DOM at all (a task with a layout in it).
 *
 *   tsx bench/fleet/browser-ab-summary.ts [--work] RUN.log... (each with RUN.trace/ beside it)
 */
import fs from "node:fs";
import { slowSpans } from "./browser-frames";
import { addSelfTimes, readTrace } from "./browser-trace";
import { percentile } from "./stats";

interface Ev { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { data?: { functionName?: string; url?: string; type?: string } } }

/** Main-thread CPU per task that dispatched `type` (the frames: scroll; the keys: keydown), and per stream message. */
function cpuOf(events: Ev[]): { frameCpu: number[]; messageCpuMs: number; messages: number; frameWork: Array<Map<string, number>> } {
  const mark = events.find((e) => e.name.startsWith("bench-"));
  if (!mark) return { frameCpu: [], messageCpuMs: 0, messages: 0, frameWork: [] };
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts);
  const tasks = main.filter((e) => e.name === "RunTask");
  const frameCpu: number[] = [];
  const frameWork: Array<Map<string, number>> = [];
  let messageCpuMs = 0;
  let messages = 0;
  let j = 0;
  for (const t of tasks) {
    while (j < main.length && main[j].ts < t.ts) j++;
    let first: Ev | undefined;
    let scroll = false;
    for (let k = j; k < main.length && main[k].ts < t.ts + (t.dur ?? 0); k++) {
      const e = main[k];
      if (!first && /^(FunctionCall|TimerFire|EventDispatch)$/.test(e.name)) first = e;
      if (e.name === "EventDispatch" && e.args?.data?.type === "scroll") scroll = true;
    }
    if (scroll) {
      frameCpu.push((t.tdur ?? 0) / 1000);
      const self = new Map<string, number>();
      addSelfTimes(t as Parameters<typeof addSelfTimes>[0], main as Parameters<typeof addSelfTimes>[1], self);
      frameWork.push(self);
    }
    // An EventSource message: a task that starts by calling the stream's listener (not a timer, not an input event).
    else if (first?.name === "FunctionCall" && first.args?.data?.functionName === "" && (t.tdur ?? 0) > 0) {
      messages++;
      messageCpuMs += (t.tdur ?? 0) / 1000;
    }
  }
  return { frameCpu, messageCpuMs, messages, frameWork };
}

/** Per kind of work, its median self time (ms) over the frames, largest first; and how many frames laid out. */
function workOf(frames: Array<Map<string, number>>): string {
  const kinds = new Set(frames.flatMap((f) => [...f.keys()]));
  const med = [...kinds]
    .map((k) => ({ k, p50: percentile(frames.map((f) => (f.get(k) ?? 0) / 1000), 50) ?? 0, sum: frames.reduce((a, f) => a + (f.get(k) ?? 0), 0) / 1000 }))
    .filter((x) => x.sum >= frames.length * 0.3)
    .sort((a, b) => b.sum - a.sum)
    .slice(0, 10);
  const laidOut = frames.filter((f) => (f.get("Layout") ?? 0) > 0).length;
  return ` | frames with layout ${laidOut}/${frames.length}; per frame (mean/p50 ms): ${med.map((x) => `${x.k} ${(x.sum / frames.length).toFixed(1)}/${x.p50.toFixed(1)}`).join(", ")}`;
}

const work = process.argv.includes("--work");

for (const log of process.argv.slice(2).filter((a) => a !== "--work")) {
  const text = fs.readFileSync(log, "utf8");
  const m = /browser: (\{.*\})/.exec(text);
  const up = [...text.matchAll(/load average:? ([\d.]+)/g)].map((x) => x[1]);
  if (!m) {
    console.log(`${log}: no result`);
    continue;
  }
  const r = JSON.parse(m[1]) as { keystrokes: { samples: number[] }; scroll: { longFrames: number; maxFrameMs: number; p95FrameMs: number } };
  const dir = log.replace(/\.log$/, ".trace");
  let cpu = "";
  if (fs.existsSync(`${dir}/scroll.trace.json`)) {
    const s = cpuOf(readTrace(`${dir}/scroll.trace.json`) as Ev[]);
    const keys = slowSpans(readTrace(`${dir}/keystrokes.trace.json`) as Parameters<typeof slowSpans>[0]).filter((x) => x.label.startsWith("key"));
    cpu = ` | CPU/frame p50 ${percentile(s.frameCpu, 50)?.toFixed(1)} p95 ${percentile(s.frameCpu, 95)?.toFixed(1)} max ${Math.max(...s.frameCpu).toFixed(1)}; stream msgs ${s.messages} ${s.messageCpuMs.toFixed(0)} ms | key CPU ${keys.map((k) => k.cpuMs.toFixed(0)).join(",")}${work ? workOf(s.frameWork) : ""}`;
  }
  console.log(`${log.replace(/^.*\//, "")}: load ${up.join("/")} | keys ${r.keystrokes.samples.map((x) => Math.round(x)).join(",")} (max ${Math.max(...r.keystrokes.samples).toFixed(0)}) | frames>50 ${r.scroll.longFrames}/149 p95 ${r.scroll.p95FrameMs} max ${r.scroll.maxFrameMs}${cpu}`);
}
