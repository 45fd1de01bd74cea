/**
 * The log's stdout lines, batched once per turn of the event loop (./log-lines.ts): one write
 * for the lines of a turn, in order; an urgent (error) line and a full batch written at once;
 * and in a real process, nothing lost when it exits, crashes or simply ends.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { logLines, MAX_PENDING_BYTES } from "./log-lines";

function harness() {
  const writes: string[] = [];
  const turns: Array<() => void> = [];
  const lines = logLines((chunk) => writes.push(chunk), (run) => turns.push(run));
  const endTurn = () => turns.splice(0).forEach((run) => run());
  return { writes, turns, lines, endTurn };
}

describe("logLines", () => {
  it("writes nothing while the turn runs, then the turn's lines in one write, in order", () => {
    const { writes, turns, lines, endTurn } = harness();
    lines.add("a");
    lines.add("b");
    lines.add("c");
    expect(writes).toEqual([]);
    expect(turns).toHaveLength(1);
    endTurn();
    expect(writes).toEqual(["a\nb\nc\n"]);
    lines.add("d");
    endTurn();
    expect(writes).toEqual(["a\nb\nc\n", "d\n"]);
  });

  it("writes an urgent line at once, after the lines pending before it", () => {
    const { writes, lines, endTurn } = harness();
    lines.add("info 1");
    lines.add("error 2", true);
    expect(writes).toEqual(["info 1\nerror 2\n"]);
    endTurn();
    expect(writes).toEqual(["info 1\nerror 2\n"]);
  });

  it("writes at once when more than its bound is pending, and flush() writes what is pending", () => {
    const { writes, lines } = harness();
    const long = "x".repeat(1000);
    let added = 0;
    while (writes.length === 0) {
      lines.add(long);
      added++;
    }
    expect(added).toBe(Math.floor(MAX_PENDING_BYTES / 1001) + 1);
    lines.add("tail");
    lines.flush();
    expect(writes[1]).toBe("tail\n");
    lines.flush();
    expect(writes).toHaveLength(2);
  });
});

describe("the process's log on stdout", () => {
  const FIXTURE = path.join(__dirname, "__fixtures__", "log-then-end.ts");
  const run = (how: string) =>
    spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", FIXTURE, how], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8", timeout: 60_000 });

  it.each([
    ["exit", 3],
    ["throw", 1],
    ["drain", 0],
  ])("keeps every line when the process ends by %s", (how, code) => {
    const r = run(how);
    expect(r.status, r.stderr).toBe(code);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { msg: string; n: number });
    expect(lines.map((l) => l.n)).toEqual([0, 1, 2]);
    expect(lines.every((l) => l.msg === "request")).toBe(true);
  });
});

describe("logEvent on stdout", () => {
  it("does not write a line while the turn runs; the turn's lines go out in one write", async () => {
    const { logEvent } = await import("./log");
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      logEvent("info", "request", { n: 1 });
      logEvent("info", "request", { n: 2 });
      expect(write).not.toHaveBeenCalled();
      await new Promise((resolve) => setImmediate(resolve));
      expect(write).toHaveBeenCalledTimes(1);
      const chunk = String(write.mock.calls[0][0]);
      expect(chunk.trim().split("\n").map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1, 2]);
      logEvent("error", "boom");
      expect(write).toHaveBeenCalledTimes(2);
    } finally {
      write.mockRestore();
    }
  });
});
