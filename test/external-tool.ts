/**
 * Tests that need a program from the machine (promtool): found through an environment
 * variable or PATH. Without it the suite is skipped with a printed reason; under CI=true its
 * absence is a failing test, so CI can never pass without running it.
 */
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";

export interface ExternalTool {
  /** The command to run, or null when it is not there. */
  path: string | null;
  reason: string;
}

export function findTool(name: string, envVar: string, installHint: string): ExternalTool {
  const candidate = process.env[envVar] || name;
  const r = spawnSync(candidate, ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (r.status === 0) return { path: candidate, reason: "" };
  return { path: null, reason: `${candidate} is not runnable (${r.error?.message ?? `exit ${r.status}`}); ${installHint}, or set ${envVar}` };
}

function inCi(): boolean {
  const ci = process.env.CI;
  return !!ci && ci !== "false" && ci !== "0";
}

/** describe() when the tool is there; otherwise a skip with the reason, or a failure under CI. */
export function describeWithTool(title: string, tool: ExternalTool, body: (toolPath: string) => void): void {
  if (tool.path) {
    const toolPath = tool.path;
    describe(title, () => body(toolPath));
    return;
  }
  if (inCi()) {
    describe(title, () => {
      it("has the tool it needs (required when CI=true)", () => {
        throw new Error(`${title}: cannot run under CI: ${tool.reason}`);
      });
    });
    return;
  }
  console.warn(`[${title}] skipped: ${tool.reason}`);
  describe.skip(`${title}: ${tool.reason}`, () => {
    it.skip("needs the tool", () => {});
  });
}
