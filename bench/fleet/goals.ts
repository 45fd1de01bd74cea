/**
 * The goals of "fast at fleet scale" (10,000 and 50,000 Functions), each checked against a
 * run's figures, and the table that shows them side by side.
 */
import type { FleetRun } from "./run-size";

export interface GoalCheck {
  goal: string;
  target: string;
  measured: string;
  /** null: not measured in this run (say why in `measured`). */
  met: boolean | null;
}

const ms = (n: number | null | undefined) => (n === null || n === undefined ? "n/a" : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const check = (value: number | null | undefined, limit: number) => (value === null || value === undefined ? null : value <= limit);

export function checkGoals(r: FleetRun): GoalCheck[] {
  const large = r.size >= 50_000;
  const listLimit = large ? 100 : 50;
  const rssLimit = large ? 1024 : 300;
  const out: GoalCheck[] = [];
  const { plain, gzip, filtered } = r.lists;
  out.push({
    goal: "GET /api/functions?limit=500, 32 clients, p99",
    target: `≤ ${listLimit} ms`,
    measured: `${ms(plain.p99Ms)} (p50 ${ms(plain.p50Ms)}, ${plain.perSec ?? 0} req/s, ${plain.requests} requests${plain.errors ? `, ${plain.errors} errors` : ""})`,
    met: check(plain.p99Ms, listLimit),
  });
  out.push({
    goal: "the same, asked as a browser asks it (Accept-Encoding: gzip), 32 clients, p99",
    target: `≤ ${listLimit} ms`,
    measured: `${ms(gzip.p99Ms)} (p50 ${ms(gzip.p50Ms)}, ${gzip.perSec ?? 0} req/s, ${gzip.bytesPerResponse ?? "?"} bytes an answer)`,
    met: check(gzip.p99Ms, listLimit),
  });
  out.push({
    goal: "filtered (health=stuck,deletion-blocked&q=…), 32 clients, p99",
    target: `≤ ${listLimit} ms`,
    measured: `${ms(filtered.p99Ms)} (p50 ${ms(filtered.p50Ms)}, ${filtered.perSec ?? 0} req/s)`,
    met: check(filtered.p99Ms, listLimit),
  });
  const ratio = r.coldStart.completeMs !== null && r.kubectl.parallelMs ? r.coldStart.completeMs / r.kubectl.parallelMs : null;
  out.push({
    goal: "cold start → all rows with verdicts, clusters connected, vs kubectl -A -o json ×3 in parallel",
    target: "≤ 1.0×",
    measured: ratio === null ? `n/a (dashboard ${ms(r.coldStart.completeMs)}, kubectl ${r.kubectl.error ?? ms(r.kubectl.parallelMs)})` : `${ratio.toFixed(2)}× (${ms(r.coldStart.completeMs)} vs ${ms(r.kubectl.parallelMs)})`,
    met: ratio === null ? null : ratio <= 1,
  });
  out.push({
    goal: "dashboard RSS, steady state after list traffic",
    target: large ? "≤ 1 GB" : "≤ 300 MB",
    measured: `${r.rss.afterLoadMb} MB (${r.rss.afterStartMb} MB after start, peak ${r.rss.peakDuringLoadMb} MB under load)`,
    met: check(r.rss.afterLoadMb, rssLimit),
  });
  const v = r.awsView;
  const e = r.awsExistence;
  const slowest = e.sweeps.reduce<(typeof e.sweeps)[number] | null>((a, w) => (a === null || (w.completeMs ?? Infinity) > (a.completeMs ?? Infinity) ? w : a), null);
  out.push({
    goal: "every Function's existence, code hash and configuration known (ListFunctions), from the start, before the list load",
    target: "within seconds",
    measured:
      e.existenceMs !== null
        ? `${ms(e.existenceMs)} (first page at ${e.firstPageMs === null ? "?" : ms(e.firstPageMs)}; largest sweep ${slowest?.pages ?? "?"} pages at ${slowest?.pagesPerSec ?? "?"}/s; the pace alone ${ms(e.listBoundMs)})`
        : `not within ${ms(e.waitedMs)} of waiting`,
    met: e.existenceMs === null ? false : e.existenceMs <= 60_000,
  });
  const pass = r.aws.perScope.map((p) => `${p.scope} ${p.firstPass.perSec ?? "?"}/s, ${p.firstPass.rereads} re-reads of ${p.firstPass.requests}`).join("; ");
  out.push({
    goal: "every Function's State read (GetFunction)",
    target: `as fast as the budget allows (${ms(r.awsView.budgetBoundMs)})`,
    measured: v.completeMs !== null ? `${ms(v.completeMs)} (first pass: ${pass})` : `not within ${ms(v.waitedMs)} of waiting: ${v.read} of ${v.targets} read, ${v.projectedMs ? `≈ ${ms(v.projectedMs)} at that rate` : "no rate"}`,
    met: v.completeMs !== null ? v.completeMs <= v.budgetBoundMs * 1.1 : false,
  });
  out.push({
    goal: "AWS requests per account and region, any sliding 1 s window",
    target: `never > ${r.aws.budgetPerSec}`,
    measured: `max ${r.aws.maxPerSecWindow} (${r.aws.requests} GetFunction, ${r.aws.throttled} throttled)`,
    met: r.aws.requests === 0 ? null : r.aws.maxPerSecWindow <= r.aws.budgetPerSec,
  });
  out.push({
    goal: `push latency (status patch → SSE row), ${r.push.ratePerSec} changes/s, p99`,
    target: "≤ 300 ms",
    measured: `${ms(r.push.p99Ms)} (p50 ${ms(r.push.p50Ms)}, ${r.push.received} of ${r.push.sent} seen${r.push.resets ? `, ${r.push.resets} resets` : ""})`,
    met: r.push.received < r.push.sent * 0.95 ? false : check(r.push.p99Ms, 300),
  });
  const b = r.browser;
  if (b && "error" in b) {
    out.push({ goal: "browser", target: "", measured: `failed: ${b.error}`, met: false });
  } else if (b) {
    out.push({ goal: `browser: first rows (${b.rowsShown ?? "?"} rows shown)`, target: "≤ 2 s", measured: ms(b.firstRowsMs), met: check(b.firstRowsMs, 2000) });
    out.push({
      goal: "browser: a keystroke in search → the table on screen",
      target: "≤ 100 ms",
      measured: `max ${ms(b.keystrokes.toTableMaxMs)}, p50 ${ms(b.keystrokes.toTableP50Ms)} (${b.keystrokes.count} keys; Event Timing max ${ms(b.keystrokes.eventTimingMaxMs)})`,
      met: b.keystrokes.count === 0 ? null : check(b.keystrokes.toTableMaxMs, 100),
    });
    out.push({
      goal: "browser: scrolling, frames over 50 ms",
      target: "none",
      measured: `${b.scroll.longFrames} of ${b.scroll.frames} (p95 ${ms(b.scroll.p95FrameMs)}, max ${ms(b.scroll.maxFrameMs)}, long tasks ${b.scroll.longTasksMs} ms)`,
      met: b.scroll.frames === 0 ? null : b.scroll.longFrames === 0,
    });
  }
  return out;
}

export function formatTable(size: number, goals: GoalCheck[]): string {
  const rows = goals.map((g) => [g.goal, g.target, g.measured, g.met === null ? "not measured" : g.met ? "met" : "NOT met"]);
  const head = [`at ${size.toLocaleString("en-US")} Functions`, "goal", "measured", ""];
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
