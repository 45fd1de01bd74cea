/**
 * What a deployment test does when a tool it needs is missing: under CI=true it fails (.ci/run
 * installs every tool, so a missing one is a broken CI), elsewhere it is skipped with the reason
 * printed.
 */
import { it } from "vitest";

/** True when the suite can run; otherwise registers the failing test (CI) or warns. */
export function runnableOrReport(suite: string, problems: string[]): boolean {
  if (problems.length === 0) return true;
  const reason = problems.join("; ");
  if (process.env.CI) {
    it(`has its tools (required when CI=true): ${suite}`, () => {
      throw new Error(`[${suite}] ${reason}`);
    });
  } else {
    console.warn(`[${suite}] skipped: ${reason}`);
  }
  return false;
}
