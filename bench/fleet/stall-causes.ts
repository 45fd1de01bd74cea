/**
 * Attributes each event-loop stall that bench/fleet/tails-server.ts printed (`stall N ms ending
 * at T (phase)`, T on the profile's clock) to its causes, from the CPU profile of the same run:
 * every sample inside the stall is counted under the first frame of ours (or a library's) from
 * the leaf up, by where it lives: garbage collection, the list's requests (parsing, the answer's
 * writes), the list's answer made anew (a new version's page, chunks, gzip), the timeline
 * recorder (observing, handing over to the writer thread), the live hub (publishing), the AWS
 * reader (the SDK, applying a read), the fleet (rows, verdicts), idle (the process not on the CPU
 * or waiting: a busy machine), other. Prints per phase the stalls with their split and the sums.
 *   tsx bench/fleet/stall-causes.ts PROFILE.cpuprofile SERVER.log [--phase gzip] [--over 50] [--aws-sdk]
 */
import fs from "node:fs";
import type { CpuProfile, ProfileNode } from "./cpu-profile";

/** Where a frame lives → the cause it stands for; the first match from the leaf up wins. */
const CAUSES: Array<[RegExp, string]> = [
  [/lib\/server\/timeline\/|lib\/server\/store\/|lib\/domain\/timeline\//, "recorder"],
  [/lib\/server\/live\//, "live hub"],
  [/lib\/server\/aws\/|@smithy|@aws-sdk|fast-xml-parser/, "aws reader"],
  [/lib\/server\/fleet\/(list-answer|page-chunks|row-index)|lib\/server\/http\/(gzip-parts|crc32)/, "list answer"],
  [/lib\/server\/fleet\/|lib\/domain\//, "fleet"],
  [/lib\/server\/http\/|lib\/server\/log|lib\/server\/auth|lib\/server\/redact|node:_http|node:net|prom-client/, "requests"],
  [/@kubernetes|lib\/server\/kube\//, "kube watch"],
];
// --aws-sdk: the AWS SDK's own frames (@smithy, @aws-sdk) counted apart from the reader's ("aws sdk").
if (process.argv.includes("--aws-sdk")) CAUSES.splice(2, 0, [/@smithy|@aws-sdk|fast-xml-parser/, "aws sdk"]);

function causeOf(stack: ProfileNode[]): string {
  const leaf = stack[0]?.callFrame.functionName;
  if (leaf === "(garbage collector)") return "gc";
  if (leaf === "(idle)") return "idle";
  if (leaf === "(program)") return "program";
  for (const n of stack) for (const [re, name] of CAUSES) if (re.test(n.callFrame.url)) return name;
  return "other";
}

function main(): void {
  const [profileFile, logFile] = process.argv.slice(2);
  const argOf = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const onlyPhase = argOf("phase");
  const over = Number(argOf("over") ?? 50);
  const profile = JSON.parse(fs.readFileSync(profileFile, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const causeById = new Map<number, string>();
  const cause = (id: number) => {
    let c = causeById.get(id);
    if (c === undefined) {
      const stack: ProfileNode[] = [];
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!);
      causeById.set(id, (c = causeOf(stack)));
    }
    return c;
  };
  const times: number[] = [];
  let at = profile.startTime;
  for (const dt of profile.timeDeltas) times.push((at += dt));

  const stalls = [...fs.readFileSync(logFile, "utf8").matchAll(/^stall (\d+) ms ending at (\d+) \(([^)]+)\)/gm)]
    .map((m) => ({ ms: Number(m[1]), endUs: Number(m[2]), phase: m[3] }))
    .filter((s) => s.ms >= over && (!onlyPhase || s.phase === onlyPhase));
  const sums = new Map<string, Map<string, number>>();
  const counts = new Map<string, number>();
  for (const s of stalls) {
    const fromUs = s.endUs - (s.ms + 20) * 1000;
    const split = new Map<string, number>();
    // Binary search for the first sample in the stall.
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < fromUs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < times.length && times[i] <= s.endUs; i++) {
      const c = cause(profile.samples[i]);
      split.set(c, (split.get(c) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    }
    const phaseSums = sums.get(s.phase) ?? new Map<string, number>();
    for (const [c, ms] of split) phaseSums.set(c, (phaseSums.get(c) ?? 0) + ms);
    sums.set(s.phase, phaseSums);
    counts.set(s.phase, (counts.get(s.phase) ?? 0) + 1);
    const text = [...split].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 1).map(([c, ms]) => `${c} ${ms.toFixed(0)}`).join(", ");
    console.log(`${s.phase}: stall ${s.ms} ms at ${s.endUs}: ${text}`);
  }
  // The whole phase too (its window from the phase line), stalls or not: where its loop time went.
  for (const m of fs.readFileSync(logFile, "utf8").matchAll(/^phase (\S+): event loop delay .*\(window (\d+)-(\d+)\)/gm)) {
    if (onlyPhase && m[1] !== onlyPhase) continue;
    const [fromUs, toUs] = [Number(m[2]), Number(m[3])];
    const split = new Map<string, number>();
    for (let i = 0; i < times.length; i++) {
      if (times[i] < fromUs || times[i] > toUs) continue;
      const c = cause(profile.samples[i]);
      split.set(c, (split.get(c) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    }
    const text = [...split].sort((a, b) => b[1] - a[1]).map(([c, ms]) => `${c} ${ms.toFixed(0)}`).join(", ");
    console.log(`phase ${m[1]} whole (${((toUs - fromUs) / 1e6).toFixed(1)} s), ms: ${text}`);
  }
  for (const [phase, m] of sums) {
    const total = stalls.filter((s) => s.phase === phase).reduce((n, s) => n + s.ms, 0);
    const text = [...m].sort((a, b) => b[1] - a[1]).map(([c, ms]) => `${c} ${ms.toFixed(0)} ms (${((100 * ms) / total).toFixed(0)}%)`).join(", ");
    console.log(`phase ${phase}: ${counts.get(phase)} stalls over ${over} ms, ${total} ms in all: ${text}`);
  }
}

main();
