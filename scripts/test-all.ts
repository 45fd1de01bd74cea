/**
 * `npm test`: every check, in order, stopping at the first failure.
 * lint → type check → unit and integration tests (Vitest) → the production build → Playwright in
 * Chromium → the fleet benchmark on a small fleet (it must run and measure everything; its timings are not checked).
 * Ends with one plain line counting every test that ran: "tests: N passed, N failed, N skipped".
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const reports = path.resolve(".cache", "test-reports");
fs.mkdirSync(reports, { recursive: true });
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");
for (const f of [vitestJson, playwrightJson]) fs.rmSync(f, { force: true });

const steps: Array<{ name: string; cmd: string; args: string[]; env?: Record<string, string> }> = [
  { name: "lint", cmd: "npx", args: ["eslint", "."] },
  { name: "type check", cmd: "npx", args: ["tsc", "--noEmit"] },
  {
    name: "unit and integration tests",
    cmd: "npx",
    args: ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
  },
  { name: "production build (served by the end-to-end tests; skipped when up to date)", cmd: "npx", args: ["tsx", "scripts/build.ts"] },
  {
    name: "end-to-end tests (Playwright, Chromium)",
    cmd: "npx",
    args: ["playwright", "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  },
  {
    name: "fleet benchmark smoke (300 Functions, quick; runs, timings not checked)",
    cmd: "npx",
    args: ["tsx", "bench/fleet/run.ts", "--sizes", "300", "--quick", "--out", path.join(".cache", "bench", "smoke")],
  },
  {
    name: "store benchmark smoke (SQLite and a real PostgreSQL, quick; runs, timings not checked)",
    cmd: "npx",
    args: ["tsx", "--conditions", "react-server", "bench/store/run.ts", "--quick"],
  },
];

function counts(): { passed: number; failed: number; skipped: number } {
  const total = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(vitestJson)) {
    const v = JSON.parse(fs.readFileSync(vitestJson, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    total.passed += v.numPassedTests;
    total.failed += v.numFailedTests;
    total.skipped += v.numPendingTests + v.numTodoTests;
  }
  if (fs.existsSync(playwrightJson)) {
    const p = JSON.parse(fs.readFileSync(playwrightJson, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    total.passed += p.stats.expected + p.stats.flaky;
    total.failed += p.stats.unexpected;
    total.skipped += p.stats.skipped;
  }
  return total;
}

const only = process.argv.slice(2);
let exitCode = 0;
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(step.cmd, step.args, { stdio: "inherit", env: { ...process.env, ...step.env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== ${step.name} FAILED after ${secs}s (exit ${r.status ?? r.signal})`);
    exitCode = r.status ?? 1;
    break;
  }
  console.log(`=== ${step.name} passed in ${secs}s`);
}
const c = counts();
console.log(`\ntests: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
process.exit(exitCode);
