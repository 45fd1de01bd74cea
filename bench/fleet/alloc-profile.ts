/**
 * What allocates in the server, from V8's sampling heap profiler (./memory-probe.cjs writes the
 * profile on request, counting the allocations a GC collected since too): `requestAllocProfile`
 * asks for one of `seconds` and waits for it; `allocSummary` sums the sampled bytes per function
 * (name, script, line and column: the production build's bundles are minified, so the script and
 * place say where), largest first, and per second.
 */
import fs from "node:fs";

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export async function requestAllocProfile(prefix: string, seconds: number, file: string): Promise<ProfileNode | null> {
  fs.rmSync(`${file}.done`, { force: true });
  fs.writeFileSync(`${prefix}.sample.tmp`, JSON.stringify({ seconds, file }));
  fs.renameSync(`${prefix}.sample.tmp`, `${prefix}.sample`);
  const deadline = Date.now() + seconds * 1000 + 60_000;
  while (!fs.existsSync(`${file}.done`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  if (!fs.existsSync(file)) return null;
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { head: ProfileNode }).head;
}

export function allocSummary(head: ProfileNode | null, seconds: number, top = 25) {
  if (!head) return null;
  const byFrame = new Map<string, number>();
  const byScript = new Map<string, number>();
  let total = 0;
  const walk = (n: ProfileNode) => {
    const f = n.callFrame;
    const script = f.url.replace(/^.*\/(\.next|node_modules)\//, "$1/") || "(native)";
    const key = `${f.functionName || "(anonymous)"} ${script}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    if (n.selfSize) {
      byFrame.set(key, (byFrame.get(key) ?? 0) + n.selfSize);
      byScript.set(script, (byScript.get(script) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children) walk(c);
  };
  walk(head);
  const mb = (b: number) => Math.round(b / 1e5) / 10;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, b]) => ({ mb: mb(b), pct: Math.round((1000 * b) / total) / 10, at: k }));
  return { seconds, totalMb: mb(total), mbPerSec: mb(total / seconds), byFunction: sorted(byFrame), byScript: sorted(byScript).slice(0, 10) };
}
