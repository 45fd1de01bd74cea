import { describe, expect, it } from "vitest";
import { summarizeTrace } from "./browser-trace";

const meta = (pid: number, tid: number, name: string) => ({ name: "thread_name", ph: "M", ts: 0, pid, tid, args: { name } });
const x = (name: string, ts: number, durMs: number, pid = 1, tid = 10) => ({ name, ph: "X", ts, dur: durMs * 1000, pid, tid });

describe("summarizeTrace", () => {
  it("names the self time of the page's long tasks by kind of work, nested events counted once", () => {
    const events = [
      meta(1, 10, "CrRendererMain"),
      meta(2, 20, "CrRendererMain"),
      // A long task: 20 ms of script of which 5 ms a forced layout, then 30 ms of paint, 10 ms of its own.
      x("RunTask", 0, 60),
      x("FunctionCall", 0, 20),
      x("Layout", 5000, 5),
      x("Paint", 20_000, 30),
      // A short task, not counted.
      x("RunTask", 100_000, 10),
      x("Layout", 100_000, 10),
      // Another renderer (an idle frame) that ran less.
      x("RunTask", 0, 55, 2, 20),
      x("Layout", 0, 55, 2, 20),
    ];
    const s = summarizeTrace(events);
    expect(s.longTasks).toBe(1);
    expect(s.longTasksMs).toBe(60);
    expect(Object.fromEntries(s.selfMs.map((e) => [e.name, e.ms]))).toEqual({ Paint: 30, FunctionCall: 15, Layout: 5, "RunTask (other)": 10 });
  });
});
