/**
 * Crash safety : a child process records through the real recorder and SQLite store as fast as
 * it can and is killed with SIGKILL mid-write. The database must then be intact, hold every
 * entry the child had seen committed, have no torn or duplicated entries, and a recorder
 * started on it must carry on without repeating anything.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { toFunctionFacts } from "@/lib/domain/function-object";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import { openStores } from "../store/open";
import { TimelineRecorder } from "./recorder";

const ROOT = path.resolve(__dirname, "../../..");
const WRITER = path.join(__dirname, "__fixtures__", "crash-writer.ts");
const FUNCTIONS = 40;

/** Runs the writer until it has reported `minCommitted` entries, then SIGKILLs it. */
async function runAndKill(file: string, minCommitted: number): Promise<number> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", WRITER, file, String(FUNCTIONS)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let reported = 0;
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const killed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the writer reported only ${reported} entries in time; stderr: ${stderr.slice(0, 2000)}`));
    }, 60_000);
    child.stdout.on("data", (d: Buffer) => {
      const m = [...d.toString().matchAll(/committed (\d+)/g)];
      if (m.length) reported = Number(m[m.length - 1][1]);
      if (reported >= minCommitted && !child.killed) child.kill("SIGKILL"); // while it keeps writing
    });
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`the writer exited on its own; stderr: ${stderr.slice(0, 2000)}`));
    });
  });
  await killed;
  return reported;
}

function checkConsistent(file: string): { entries: number } {
  const db = new Database(file);
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const rows = db.prepare("SELECT uid, lane, value, dedup_key, at FROM timeline_entries ORDER BY id").all() as Array<{ uid: string; lane: string; value: string | null; dedup_key: string; at: number }>;
    // No torn entries: every row complete; no duplicates: a lane never repeats its value.
    const last = new Map<string, { value: string | null; key: string }>();
    for (const r of rows) {
      expect(r.dedup_key && r.lane && Number.isFinite(r.at)).toBeTruthy();
      const k = `${r.uid}/${r.lane}`;
      if (r.lane !== "marker:lifecycle") expect(last.get(k)?.value, `${k} repeats ${r.value}`).not.toBe(r.value);
      last.set(k, { value: r.value, key: r.dedup_key });
    }
    // Snapshots were written in the same transactions: each points at its lane's last entry.
    const snaps = db.prepare("SELECT snapshot FROM function_snapshots").all() as Array<{ snapshot: string }>;
    expect(snaps.length).toBeGreaterThan(0);
    for (const { snapshot } of snaps) {
      const s = JSON.parse(snapshot) as FunctionSnapshot;
      for (const [lane, state] of Object.entries(s.lanes)) expect(last.get(`${s.uid}/${lane}`)?.key).toBe(state.key);
    }
    return { entries: rows.length };
  } finally {
    db.close();
  }
}

describe("crash safety of the timeline store", () => {
  it("keeps every committed entry, consistent and without duplicates, across SIGKILL and restart", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "history-crash-")), "history.db");
    const reported = await runAndKill(file, 400);
    const first = checkConsistent(file);
    expect(first.entries).toBeGreaterThanOrEqual(reported);

    // Killed again, resuming from what the first run left.
    const again = await runAndKill(file, first.entries + 200);
    const second = checkConsistent(file);
    expect(second.entries).toBeGreaterThanOrEqual(again);

    // A recorder started on the database carries on: the values it finds are not written again.
    const stores = openStores(`sqlite:${file}`);
    const recorder = new TimelineRecorder(stores.timeline, { flushMs: 1 });
    await recorder.load();
    const seen = (f: ReturnType<typeof factsFromSnapshot>) => recorder.hear({ type: "row", id: f.id, row: {} as never, facts: f, aws: null, rejected: false });
    const snaps = await stores.timeline.loadSnapshots();
    for (const s of snaps) seen(factsFromSnapshot(s));
    await recorder.flush();
    expect(checkConsistent(file).entries).toBe(second.entries);
    // ... and what changes next is written, once: state and condition of each Function.
    for (const s of snaps) seen(factsFromSnapshot(s, true));
    await recorder.flush();
    expect(checkConsistent(file).entries).toBe(second.entries + 2 * snaps.length);
    stores.close();
  }, 150_000);
});

/** The object as the cluster would list it now: the values the snapshot last recorded. */
function factsFromSnapshot(s: FunctionSnapshot, flipped = false) {
  const synced = s.lanes["condition:ACK.ResourceSynced"];
  const state = s.lanes["k8s:state"]?.value;
  const flip = (v: string | null | undefined, a: string, b: string) => (flipped ? (v === a ? b : a) : v);
  const r = toFunctionFacts(
    {
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name: s.name, namespace: s.namespace, uid: s.uid, generation: s.generation, creationTimestamp: "2025-01-01T00:00:00Z" },
      spec: { name: s.name },
      status: {
        state: flip(state, "Active", "Pending"),
        conditions: synced ? [{ type: "ACK.ResourceSynced", status: flip(synced.value, "True", "False"), lastTransitionTime: new Date().toISOString() }] : [],
      },
    },
    s.cluster,
  );
  if (!r.ok) throw new Error(r.error);
  return r.facts;
}
