/**
 * One line per browser-only.ts run (its log and `--trace` folder): the keystrokes and scroll
 * frames as measured in the page (wall time), and from the trace the page main thread's own CPU
 * time per scroll frame and per keystroke, and what the live stream cost it between frames. On
 * a shared machine the wall figures follow the load; the CPU times much less, so A/B runs are
 * compared on both.
 *
 *   tsx bench/fleet/browser-ab-summary.ts RUN.log... (each with RUN.trace/ beside it)
 */
import fs from "node:fs";
import { slowSpans } from "./browser-frames";
import { readTrace } from "./browser-trace";
import { percentile } from "./stats";

interface Ev { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { data?: { functionName?: string; url?: string; type?: string } } }

/** Main-thread CPU per task that dispatched `type` (the frames: scroll; the keys: keydown), and per stream message. */
function cpuOf(events: Ev[]): { frameCpu: number[]; messageCpuMs: number; messages: number } {
  const mark = events.find((e) => e.name.startsWith("bench-"));
  if (!mark) return { frameCpu: [], messageCpuMs: 0, messages: 0 };
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts);
  const tasks = main.filter((e) => e.name === "RunTask");
  const frameCpu: number[] = [];
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
    if (scroll) frameCpu.push((t.tdur ?? 0) / 1000);
    // An EventSource message: a task that starts by calling the stream's listener (not a timer, not an input event).
    else if (first?.name === "FunctionCall" && first.args?.data?.functionName === "" && (t.tdur ?? 0) > 0) {
      messages++;
      messageCpuMs += (t.tdur ?? 0) / 1000;
    }
  }
  return { frameCpu, messageCpuMs, messages };
}

for (const log of process.argv.slice(2)) {
  const text = fs.readFileSync(log, "utf8");
  const m = /browser: (\{.*\})/.exec(text);
  const up = [...text.matchAll(/load average: ([\d.]+)/g)].map((x) => x[1]);
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
    cpu = ` | CPU/frame p50 ${percentile(s.frameCpu, 50)?.toFixed(1)} p95 ${percentile(s.frameCpu, 95)?.toFixed(1)} max ${Math.max(...s.frameCpu).toFixed(1)}; stream msgs ${s.messages} ${s.messageCpuMs.toFixed(0)} ms | key CPU ${keys.map((k) => k.cpuMs.toFixed(0)).join(",")}`;
  }
  console.log(`${log.replace(/^.*\//, "")}: load ${up.join("/")} | keys ${r.keystrokes.samples.map((x) => Math.round(x)).join(",")} (max ${Math.max(...r.keystrokes.samples).toFixed(0)}) | frames>50 ${r.scroll.longFrames}/149 p95 ${r.scroll.p95FrameMs} max ${r.scroll.maxFrameMs}${cpu}`);
}
