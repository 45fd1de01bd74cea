import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHART_VALUES, chartNodeOptions, chartProcessEnv } from "./chart-node-options";
import { ROOT } from "./processes";
import { dashboardEnv } from "./run-size";
import type { SimHostInfo } from "./sim-host";

const host = { kubeconfig: "/k", awsEndpoint: "http://127.0.0.1:1", credentialsFile: "/c" } as unknown as SimHostInfo;

function chartWith(nodeHeapMb: string, more = ""): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-node-options-"));
  fs.mkdirSync(path.dirname(path.join(dir, CHART_VALUES)), { recursive: true });
  fs.writeFileSync(path.join(dir, CHART_VALUES), `replicas: 1\nnodeHeapMb: ${nodeHeapMb}\n${more}`);
  return dir;
}

describe("the benchmarks run the dashboard with the chart's V8 options", () => {
  it("gives the standalone server the chart's nodeHeapMb as --max-old-space-size", () => {
    const { nodeHeapMb } = parse(fs.readFileSync(path.join(ROOT, CHART_VALUES), "utf8")) as { nodeHeapMb: number };
    expect(nodeHeapMb).toBeGreaterThan(0);
    const env = dashboardEnv(host, { port: 1, store: "/tmp/x.db" });
    expect(env.NODE_OPTIONS?.split(" ")).toContain(`--max-old-space-size=${nodeHeapMb}`);
  });

  it("puts the chart's limit after the caller's own NODE_OPTIONS (the later one wins)", () => {
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = "--max-old-space-size=4096 --trace-warnings";
    try {
      const options = dashboardEnv(host, { port: 1, store: "/tmp/x.db" }).NODE_OPTIONS!.split(" ");
      expect(options.at(-1)).toBe(chartNodeOptions(ROOT));
      expect(options).toContain("--trace-warnings");
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
  });

  it("reads what the chart renders: a whole number of MiB, none for null, an error otherwise", () => {
    expect(chartNodeOptions(chartWith("1536"))).toBe("--max-old-space-size=1536");
    expect(chartNodeOptions(chartWith("null"))).toBe("");
    expect(() => chartNodeOptions(chartWith('"640m"'))).toThrow(/nodeHeapMb/);
  });

  it("gives the standalone server the chart's mallocArenaMax as MALLOC_ARENA_MAX, or none when the chart sets none, whatever the caller's own", () => {
    const { mallocArenaMax } = parse(fs.readFileSync(path.join(ROOT, CHART_VALUES), "utf8")) as { mallocArenaMax: number | null };
    const before = process.env.MALLOC_ARENA_MAX;
    process.env.MALLOC_ARENA_MAX = "64";
    try {
      expect(dashboardEnv(host, { port: 1, store: "/tmp/x.db" }).MALLOC_ARENA_MAX).toBe(mallocArenaMax === null ? undefined : String(mallocArenaMax));
      // A benchmark's own arm (memory-rss.ts --env) still wins, to compare.
      expect(dashboardEnv(host, { port: 1, store: "/tmp/x.db", MALLOC_ARENA_MAX: "8" }).MALLOC_ARENA_MAX).toBe("8");
    } finally {
      if (before === undefined) delete process.env.MALLOC_ARENA_MAX;
      else process.env.MALLOC_ARENA_MAX = before;
    }
  });

  it("reads mallocArenaMax as the chart renders it: a whole number, none for null or absent, an error otherwise", () => {
    expect(chartProcessEnv(chartWith("640", "mallocArenaMax: 2\n"))).toEqual({ NODE_OPTIONS: "--max-old-space-size=640", MALLOC_ARENA_MAX: "2" });
    expect(chartProcessEnv(chartWith("null", "mallocArenaMax: null\n"))).toEqual({});
    expect(chartProcessEnv(chartWith("640"))).toEqual({ NODE_OPTIONS: "--max-old-space-size=640" });
    expect(() => chartProcessEnv(chartWith("640", "mallocArenaMax: 0\n"))).toThrow(/mallocArenaMax/);
  });
});
