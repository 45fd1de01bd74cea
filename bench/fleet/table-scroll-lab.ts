/**
 * Chromium's own cost of scrolling the overview's table, without the app: ./table-scroll-lab.html
 * (the table's rows as plain DOM, windowed as the app does) with the built app's CSS, scrolled
 * 240 px on each of 150 animation frames as ./browser.ts scrolls the overview, traced. Prints per
 * variant (the page's query string) the frames over 50 ms, the main thread's CPU per scroll frame
 * (mean, p50, p95, max) and its wall time per frame by kind (layout, paint, script...). Variants
 * run alternating, `ROUNDS` times (default 2): on a shared machine compare CPU, side by side.
 * Needs a production build (`.next/static` for the CSS).
 *
 *   tsx bench/fleet/table-scroll-lab.ts "v=" "over=40" "over=4" "v=noclamp" ...
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { addSelfTimes, type TraceEvent } from "./browser-trace";
import { ROOT } from "./processes";
import { percentile } from "./stats";

type Ev = TraceEvent & { tdur?: number; args?: { data?: { type?: string } } };

/** A folder holding the page and the build's CSS. */
function pageDir(): string {
  // LAB_CSS_DIR: a copy of a build's CSS (.next/static/chunks/*.css), e.g. while a build rewrites .next.
  const cssDir = process.env.LAB_CSS_DIR ?? path.join(ROOT, ".next", "static", "chunks");
  const css = fs.readdirSync(cssDir).filter((f) => f.endsWith(".css"));
  if (!css.length) throw new Error(`no built CSS in ${cssDir}: run npm run build`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "table-scroll-lab-"));
  fs.writeFileSync(path.join(dir, "app.css"), css.map((f) => fs.readFileSync(path.join(cssDir, f), "utf8")).join("\n"));
  fs.copyFileSync(path.join(ROOT, "bench", "fleet", "table-scroll-lab.html"), path.join(dir, "page.html"));
  return dir;
}

async function one(dir: string, variant: string): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`file://${dir}/page.html?${variant}`);
    await page.waitForTimeout(500);
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"] });
    const frames = (await page.evaluate("window.runScroll()")) as number[];
    const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Ev[] }).traceEvents;
    const mark = events.find((e) => e.name.startsWith("bench-"));
    if (!mark) throw new Error("no frame marks in the trace");
    const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const cpu: number[] = [];
    const self = new Map<string, number>();
    for (const t of main.filter((e) => e.name === "RunTask")) {
      const end = t.ts + (t.dur ?? 0);
      if (!main.some((e) => e.ts >= t.ts && e.ts < end && e.name === "EventDispatch" && e.args?.data?.type === "scroll")) continue;
      cpu.push((t.tdur ?? 0) / 1000);
      addSelfTimes(t, main, self);
    }
    const n = Math.max(1, cpu.length);
    const mean = cpu.reduce((a, b) => a + b, 0) / n;
    const kinds = [...self].sort((a, b) => b[1] - a[1]).slice(0, 7).map(([k, us]) => `${k} ${(us / 1000 / n).toFixed(1)}`).join(", ");
    return `${variant.padEnd(24)} frames>50 ${frames.filter((f) => f > 50).length}/${frames.length} | CPU/frame mean ${mean.toFixed(1)} p50 ${percentile(cpu, 50).toFixed(1)} p95 ${percentile(cpu, 95).toFixed(1)} max ${Math.max(...cpu).toFixed(1)} ms | wall/frame: ${kinds}`;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const variants = process.argv.slice(2);
  if (!variants.length) throw new Error('usage: table-scroll-lab.ts VARIANT... (query strings, e.g. "v=" "over=40")');
  const rounds = Number(process.env.ROUNDS ?? 2);
  if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 20)) throw new Error("ROUNDS: a whole number from 1 to 20");
  const dir = pageDir();
  try {
    for (let r = 0; r < rounds; r++) for (const v of variants) console.log(`load ${os.loadavg()[0].toFixed(1)} | ${await one(dir, v)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
