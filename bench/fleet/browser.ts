/**
 * The overview in Debian's Chromium (playwright-core through @playwright/test, never a
 * downloaded browser), measured inside the page with the browser's own clocks:
 *
 * - first rows: navigation start → the first frame after the first data row is in the table
 *   (a MutationObserver notes the row, a requestAnimationFrame callback the frame that paints
 *   it; `performance.now()` counts from navigation start). Also when all rows are in (the
 *   overview loads them in pages and shows "Loading the fleet: n of N" until the last one).
 * - keystroke: for each character typed into the search box (a Function's name, typed one
 *   character at a time, 600 ms apart), keydown's timestamp → the first frame after the table
 *   shows the rows for the text typed so far (MutationObserver on the table until its
 *   data-search is the box's text, then requestAnimationFrame + a message-channel task, so the
 *   time includes the frame that shows it). Before, any change of the table ended the timing: a
 *   stream update or a clock tick in a row could end it before the search result was shown. The Event Timing API's duration of
 *   the same keystrokes (input delay + handlers + the next paint) is kept beside it.
 * - scrolling: the table is scrolled by 240 px on every animation frame for 150 frames; the
 *   intervals between frames are recorded (a long frame is one over 50 ms, the Long Tasks
 *   threshold) and Long Tasks seen meanwhile are summed.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";
import { percentile, round } from "./stats";

export interface BrowserResult {
  rowsShown: number | null;
  firstRowsMs: number | null;
  /**
   * What first rows waited for, from navigation start: the HTML in, DOMContentLoaded, the first
   * page of rows asked and answered (the browser's Resource Timing), so a slow figure names its cause.
   */
  firstRowsParts: { htmlAskedMs: number | null; htmlFirstByteMs: number | null; htmlMs: number | null; domContentLoadedMs: number | null; lastScriptInMs: number | null; firstPageAskedMs: number | null; firstPageInMs: number | null };
  allRowsMs: number | null;
  keystrokes: { count: number; toTableP50Ms: number | null; toTableMaxMs: number | null; eventTimingMaxMs: number | null; samples: number[] };
  scroll: { frames: number; p50FrameMs: number | null; p95FrameMs: number | null; maxFrameMs: number | null; longFrames: number; longTasksMs: number };
  chromiumRssMb: number | null;
}

/** Installed before the page's own scripts: notes when rows first appear and keeps Event Timing and Long Tasks entries. */
const INIT = `
// tsx compiles this file with esbuild's keepNames, which wraps the functions handed to
// page.evaluate in a __name(...) helper the page does not have.
globalThis.__name = globalThis.__name || ((f) => f);
(() => {
  const m = (window.__bench = { firstRowAt: null, firstRowFrameAt: null, events: [], longTasks: [] });
  const check = () => {
    if (m.firstRowAt === null && document.querySelector('tbody tr[aria-rowindex]')) {
      m.firstRowAt = performance.now();
      requestAnimationFrame(() => { m.firstRowFrameAt = performance.now(); });
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => { obs.observe(document.body, { childList: true, subtree: true }); check(); });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) m.events.push({ name: e.name, start: e.startTime, duration: e.duration }); })
      .observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {}
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) m.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;

async function countShown(page: Page): Promise<{ shown: number; total: number } | null> {
  const text = await page.locator("span[aria-live=polite]").filter({ hasText: "Functions" }).first().textContent({ timeout: 1000 }).catch(() => null);
  const m = text ? /([\d,]+) of ([\d,]+) Functions/.exec(text) : null;
  return m ? { shown: Number(m[1].replace(/,/g, "")), total: Number(m[2].replace(/,/g, "")) } : null;
}

async function typeAndMeasure(page: Page, ch: string): Promise<number | null> {
  await page.evaluate(() => {
    const w = window as unknown as { __key: { down: number | null; shown: number | null } };
    w.__key = { down: null, shown: null };
    const input = document.querySelector("input[type=search]") as HTMLInputElement;
    const table = document.querySelector("table") as HTMLTableElement;
    input.addEventListener("keydown", (e) => ((w.__key.down = e.timeStamp), performance.mark("bench-key-down", { startTime: e.timeStamp })), { once: true });
    // The table shows a keystroke's result when its data-search is the box's text (the overview
    // sets it with the rows it renders): any other change of the table (a stream update, a
    // clock tick) is not the answer to the keystroke.
    const obs = new MutationObserver(() => {
      if (table.dataset.search !== undefined && table.dataset.search !== input.value) return;
      obs.disconnect();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => ((w.__key.shown = performance.now()), performance.mark("bench-key-shown"));
        ch.port2.postMessage(null);
      });
    });
    obs.observe(table, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  await page.keyboard.type(ch);
  const result = await page
    .waitForFunction(() => {
      const k = (window as unknown as { __key: { down: number | null; shown: number | null } }).__key;
      return k.shown !== null && k.down !== null ? k.shown - k.down : null;
    }, undefined, { timeout: 5000, polling: 50 })
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(() => null);
  await page.waitForTimeout(600);
  return result;
}

/** The page's CPU profile per phase through the DevTools protocol (written as `<dir>/<n>-<phase>.cpuprofile`). */
async function phaseProfiler(page: Page, dir: string | undefined): Promise<(phase: string) => Promise<void>> {
  if (!dir) return async () => {};
  fs.mkdirSync(dir, { recursive: true });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  let n = 0;
  return async (phase) => {
    const { profile } = await cdp.send("Profiler.stop");
    fs.writeFileSync(path.join(dir, `${++n}-${phase}.cpuprofile`), JSON.stringify(profile));
    await cdp.send("Profiler.start");
  };
}

/**
 * The browser's own trace of a phase (what ran on the page's main thread: script, style, layout,
 * paint), written as `<dir>/<phase>.trace.json` for ./browser-trace.ts. Call with the phase that
 * just ended (null: none worth keeping) to start the next one.
 */
async function phaseTracer(browser: Browser, page: Page, dir: string | undefined): Promise<(ended: string | null) => Promise<void>> {
  if (!dir) return async () => {};
  fs.mkdirSync(dir, { recursive: true });
  const categories = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "loading"];
  await browser.startTracing(page, { categories });
  return async (ended) => {
    const buf = await browser.stopTracing();
    if (ended) fs.writeFileSync(path.join(dir, `${ended}.trace.json`), buf);
    await browser.startTracing(page, { categories });
  };
}

export async function measureBrowser(
  base: string,
  opts: { searchFor: string; timeoutMs: number; pidOf?: (browserPid: number) => number; profileDir?: string; traceDir?: string },
): Promise<BrowserResult> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(INIT);
    const endPhase = await phaseProfiler(page, opts.profileDir);
    await page.goto(`${base}/`, { waitUntil: "commit", timeout: opts.timeoutMs });
    await page.waitForSelector("tbody tr[aria-rowindex]", { timeout: opts.timeoutMs });
    await page.waitForFunction(() => (window as unknown as { __bench: { firstRowFrameAt: number | null } }).__bench.firstRowFrameAt !== null, undefined, { timeout: 5000 });
    const firstRowsMs = await page.evaluate(() => (window as unknown as { __bench: { firstRowFrameAt: number } }).__bench.firstRowFrameAt);
    const firstRowsParts = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const list = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((e) => /\/api\/functions\?limit=\d+$/.test(e.name) && !e.name.endsWith("limit=1"));
      const asked = list?.startTime ?? Infinity;
      const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) => e.initiatorType === "script" && e.startTime < asked);
      return {
        // The page's request sent, its first byte in: the server's time (and its loop's backlog) between.
        htmlAskedMs: nav ? Math.round(nav.requestStart) : null,
        htmlFirstByteMs: nav ? Math.round(nav.responseStart) : null,
        htmlMs: nav ? Math.round(nav.responseEnd) : null,
        domContentLoadedMs: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
        // The page's scripts loaded before it asked for rows: the last one in.
        lastScriptInMs: scripts.length ? Math.round(Math.max(...scripts.map((e) => e.responseEnd))) : null,
        firstPageAskedMs: list ? Math.round(list.startTime) : null,
        firstPageInMs: list ? Math.round(list.responseEnd) : null,
      };
    });
    // All rows: the pages are all in (no "Loading the fleet" progress) and the count reads "N of N".
    let allRowsMs: number | null = null;
    let shown: { shown: number; total: number } | null = null;
    const until = Date.now() + opts.timeoutMs;
    while (Date.now() < until) {
      shown = await countShown(page);
      const loading = await page.locator('progress[aria-label="Functions loaded"]').count();
      if (shown && shown.shown > 0 && loading === 0) {
        allRowsMs = await page.evaluate(() => performance.now());
        break;
      }
      await page.waitForTimeout(50);
    }
    await endPhase("load");

    const trace = await phaseTracer(browser, page, opts.traceDir);
    const search = page.locator("input[type=search]");
    await search.click();
    const samples: number[] = [];
    for (const ch of opts.searchFor) {
      const ms = await typeAndMeasure(page, ch);
      if (ms !== null) samples.push(ms);
    }
    const eventTimingMaxMs = await page.evaluate(() => {
      const ev = (window as unknown as { __bench: { events: Array<{ name: string; duration: number }> } }).__bench.events;
      const keys = ev.filter((e) => e.name === "keydown" || e.name === "keypress" || e.name === "keyup" || e.name === "input");
      return keys.length ? Math.max(...keys.map((e) => e.duration)) : null;
    });
    await endPhase("keystrokes");
    await trace("keystrokes");
    await search.fill("");
    await page.waitForTimeout(1500);
    await trace(null);

    const scroll = await page.evaluate(
      () =>
        new Promise<{ frames: number[]; longTasksMs: number }>((resolve) => {
          const el = document.querySelector('[aria-label="Functions table, scrollable"]') as HTMLElement;
          const bench = (window as unknown as { __bench: { longTasks: Array<{ start: number; duration: number }> } }).__bench;
          const t0 = performance.now();
          const frames: number[] = [];
          let last = t0;
          let n = 0;
          const step = (now: number) => {
            frames.push(now - last);
            last = now;
            // Each frame marked in the browser's trace, so that ./browser-frames.ts names what ran in a long one.
            performance.mark("bench-frame");
            el.scrollTop += 240;
            if (++n < 150) requestAnimationFrame(step);
            else resolve({ frames: frames.slice(1), longTasksMs: bench.longTasks.filter((t) => t.start >= t0).reduce((a, t) => a + t.duration, 0) });
          };
          requestAnimationFrame((now) => {
            last = now;
            requestAnimationFrame(step);
          });
        }),
    );
    await endPhase("scroll");
    await trace("scroll");
    return {
      rowsShown: shown?.shown ?? null,
      firstRowsMs: round(firstRowsMs),
      firstRowsParts,
      allRowsMs: round(allRowsMs ?? undefined),
      keystrokes: {
        count: samples.length,
        toTableP50Ms: round(percentile(samples, 50)),
        toTableMaxMs: samples.length ? round(Math.max(...samples)) : null,
        eventTimingMaxMs: round(eventTimingMaxMs ?? undefined),
        samples: samples.map((s) => round(s) ?? 0),
      },
      scroll: {
        frames: scroll.frames.length,
        p50FrameMs: round(percentile(scroll.frames, 50)),
        p95FrameMs: round(percentile(scroll.frames, 95)),
        maxFrameMs: round(Math.max(...scroll.frames)),
        longFrames: scroll.frames.filter((f) => f > 50).length,
        longTasksMs: Math.round(scroll.longTasksMs),
      },
      chromiumRssMb: null,
    };
  } finally {
    await browser.close();
  }
}
