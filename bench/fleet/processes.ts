/**
 * The processes of a fleet benchmark run: the simulator host, the production dashboard
 * (the standalone server) and their resident memory read from /proc (a process and all its children),
 * a guard that stops the run when they together use more memory than allowed, free loopback
 * ports, and stopping what was started (by pid, never by name).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function childrenOf(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(entry));
      kids.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

/** The pid and every descendant of it. */
export function processTree(pid: number): number[] {
  const kids = childrenOf();
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop() as number;
    out.push(p);
    todo.push(...(kids.get(p) ?? []));
  }
  return out;
}

/** VmRSS of one process in bytes (0 once it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of a process and its descendants, in MB. */
export function treeRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  return Math.round(processTree(pid).reduce((sum, p) => sum + rssOf(p), 0) / 1024 / 1024);
}

export interface Started {
  child: ChildProcess;
  pid: number;
  startedAt: number;
  /** Everything it printed, for the error message when it fails. */
  output(): string;
  exited(): boolean;
}

export function start(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; echo?: boolean } = {}): Started {
  const startedAt = Date.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let gone = false;
  const take = (d: Buffer) => {
    const text = d.toString("utf8");
    out = (out + text).slice(-20_000);
    if (opts.echo) process.stderr.write(text);
  };
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  child.on("exit", () => (gone = true));
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  return { child, pid: child.pid, startedAt, output: () => out, exited: () => gone };
}

/** Resolves with the first line matching `re`; rejects when the process exits or time runs out. */
export function waitForLine(p: Started, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => re.exec(p.output());
    const timer = setInterval(() => {
      const m = check();
      if (m) return done(() => resolve(m));
      if (p.exited()) return done(() => reject(new Error(`process ended before printing ${re}:\n${p.output().slice(-3000)}`)));
    }, 50);
    const limit = setTimeout(() => done(() => reject(new Error(`no ${re} within ${timeoutMs} ms:\n${p.output().slice(-3000)}`))), timeoutMs);
    const done = (f: () => void) => {
      clearInterval(timer);
      clearTimeout(limit);
      f();
    };
  });
}

/** Signals the process (SIGINT lets node write a --cpu-prof profile), then SIGKILLs its tree after `graceMs`. */
export async function stop(p: Started | undefined, signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<void> {
  if (!p || p.exited()) return;
  const tree = processTree(p.pid);
  const ended = new Promise<void>((resolve) => p.child.once("exit", () => resolve()));
  // tsx and next relay signals to their node child; signal the whole tree to be sure.
  for (const pid of tree) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  const timedOut = await Promise.race([ended.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs))]);
  if (timedOut) {
    for (const pid of processTree(p.pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  // Children may outlive the parent by a moment (they flush a profile): wait for them too.
  for (let i = 0; i < 100 && tree.some((pid) => fs.existsSync(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Samples the memory of the given processes every second; when together they pass `limitMb`
 * the run is stopped (onExceeded) instead of pushing the machine, which others share, into swap.
 */
export class MemoryGuard {
  peakMb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: () => Array<number | undefined>,
    private readonly limitMb: number,
    onExceeded: (mb: number) => void,
  ) {
    this.timer = setInterval(() => {
      const mb = this.pids().reduce<number>((sum, pid) => sum + treeRssMb(pid), 0);
      this.peakMb = Math.max(this.peakMb, mb);
      if (mb > this.limitMb) onExceeded(mb);
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
