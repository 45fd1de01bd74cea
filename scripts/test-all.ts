/**
 * `npm test`: every check, in order, stopping at the first failure.
 * lint → type check → unit and integration tests (Vitest) → Playwright in Chromium.
 */
import { spawnSync } from "node:child_process";

const steps: Array<{ name: string; cmd: string; args: string[] }> = [
  { name: "lint", cmd: "npx", args: ["eslint", "."] },
  { name: "type check", cmd: "npx", args: ["tsc", "--noEmit"] },
  { name: "unit and integration tests", cmd: "npx", args: ["vitest", "run"] },
  { name: "end-to-end tests (Playwright, Chromium)", cmd: "npx", args: ["playwright", "test"] },
];

const only = process.argv.slice(2);
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(step.cmd, step.args, { stdio: "inherit", env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== ${step.name} FAILED after ${secs}s (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`=== ${step.name} passed in ${secs}s`);
}
