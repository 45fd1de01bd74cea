/**
 * Dashboard replicas as processes (test/replica-process.ts) for the multi-process tests: start
 * one, ask its state, read its live stream.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { readSse, type StreamEvent } from "./sse-reader";

const ROOT = path.resolve(__dirname, "..");

export interface Replica {
  name: string;
  child: ChildProcess;
  port: number;
  log: string[];
  /** What it printed on stdout (`ready <port>`, `paused <point>`). */
  out: string[];
}

const START_BOUND_MS = 150_000;

export function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "test/replica-process.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, REPLICA_NAME: name, REPLICA_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const out: string[] = [];
  child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  child.stdout!.on("data", (d: Buffer) => out.push(d.toString()));
  return new Promise((resolve, reject) => {
    // A bound on a start that hangs, not a figure: three replicas loading the server app with tsx
    // at once took over 60 s on two cores busy with other builds (load average ~20).
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_BOUND_MS / 1000} s:\n${log.join("")}`)), START_BOUND_MS);
    child.stdout!.on("data", (d: Buffer) => {
      const m = /ready (\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve({ name, child, port: Number(m[1]), log, out });
      }
    });
    child.on("exit", (code) => reject(new Error(`${name} exited (${code}):\n${log.join("")}`)));
  });
}

/** `recording`: the replica leads and its recorder runs (the election is won a moment before). */
export async function stateOf(r: Replica): Promise<{ recording: boolean; rows: number } | null> {
  try {
    const s = (await (await fetch(`http://127.0.0.1:${r.port}/state`)).json()) as { leader: boolean; roles: { recordTimeline: boolean }; rows: number };
    return { recording: s.leader && s.roles.recordTimeline, rows: s.rows };
  } catch {
    return null;
  }
}

export type { StreamEvent };

/** Reads a replica's live stream in the background; `events` grows as they arrive. */
export function readStream(r: Replica, headers: Record<string, string> = {}): { events: StreamEvent[]; close(): void } {
  return readSse(`http://127.0.0.1:${r.port}/stream`, headers);
}

/** The timeline entry ids a stream's events carry, in order. */
export function timelineIdsOf(events: StreamEvent[]): string[] {
  return events.filter((e) => e.event === "timeline").flatMap((e) => (JSON.parse(e.data!) as { entries: Array<{ id: string }> }).entries.map((x) => x.id));
}
