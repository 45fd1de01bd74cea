/**
 * `npm run bench:fleet`: the dashboard's production build on the simulated fleet, end to end,
 * at 10,000 and 50,000 Functions (the large scenario over 3 clusters), measured from outside
 * against the goals of "fast at fleet scale". Prints a table per size and writes
 * `<out>/fleet-<size>.json`. Not a timed test: CI runs `--sizes 300 --quick` only to prove it runs.
 *
 *   --sizes 10000,50000    fleet sizes (default both)
 *   --quick                small bounds (load 64 requests / 10 s, push 2 s, AWS view 15 s)
 *   --budget N             ACK_FLEET_AWS_RPS for the dashboard (default: that variable, else 10)
 *   --aws-view-timeout S   longest wait for every Function's AWS state (default 600 s)
 *   --max-rss-mb N         stop a run whose simulator + dashboard pass this (default 8000)
 *   --no-browser           skip the Chromium figures
 *   --profile              CPU profile of the dashboard (node --cpu-prof); the list-load phase is summarised
 *   --port N               dashboard port (default: a free one)   --out DIR (default .cache/bench)
 *
 * Builds the production build first when it is missing or stale (scripts/production-build.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { ensureProductionBuild } from "../../scripts/production-build";
import { checkGoals, formatTable } from "./goals";
import { ROOT } from "./processes";
import { runFleetSize } from "./run-size";

const USAGE = "usage: npm run bench:fleet -- [--sizes 10000,50000] [--quick] [--budget N] [--aws-view-timeout S] [--max-rss-mb N] [--no-browser] [--profile] [--port N] [--out DIR]";

function parse(argv: string[]) {
  const o = {
    sizes: [10_000, 50_000],
    quick: false,
    budget: Number(process.env.ACK_FLEET_AWS_RPS ?? 10),
    awsViewTimeoutS: undefined as number | undefined,
    maxRssMb: 8000,
    browser: true,
    profile: false,
    port: undefined as number | undefined,
    out: path.join(ROOT, ".cache", "bench"),
  };
  const num = (flag: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!v || !Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} needs a whole number from ${min} to ${max}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") o.sizes = (argv[++i] ?? "").split(",").map((s) => num("--sizes", s.trim(), 1, 50_000));
    else if (a === "--quick") o.quick = true;
    else if (a === "--budget") o.budget = num("--budget", argv[++i], 1, 1000);
    else if (a === "--aws-view-timeout") o.awsViewTimeoutS = num("--aws-view-timeout", argv[++i], 1, 7200);
    else if (a === "--max-rss-mb") o.maxRssMb = num("--max-rss-mb", argv[++i], 256, 20_000);
    else if (a === "--no-browser") o.browser = false;
    else if (a === "--profile") o.profile = true;
    else if (a === "--port") o.port = num("--port", argv[++i], 1024, 65_535);
    else if (a === "--out") o.out = path.resolve(argv[++i] ?? "");
    else throw new Error(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  return o;
}

async function main(): Promise<void> {
  let o: ReturnType<typeof parse>;
  try {
    o = parse(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  fs.mkdirSync(o.out, { recursive: true });
  await ensureProductionBuild({ root: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const log = (line: string) => console.log(line);
  const tables: string[] = [];
  let failed = false;
  for (const size of o.sizes) {
    try {
      const run = await runFleetSize({
        size,
        quick: o.quick,
        budgetPerSec: o.budget,
        awsViewTimeoutMs: (o.awsViewTimeoutS ?? (o.quick ? 15 : 600)) * 1000,
        maxRssMb: o.maxRssMb,
        browser: o.browser,
        profileDir: o.profile ? path.join(o.out, "profiles") : undefined,
        port: o.port,
        log,
      });
      const goals = checkGoals(run);
      const file = path.join(o.out, `fleet-${size}${o.quick ? "-quick" : ""}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...run, goals }, null, 2) + "\n");
      const table = formatTable(size, goals);
      tables.push(table);
      console.log(`\n${table}\n(${file})`);
      if (run.profile) console.log(`\nCPU profile of the dashboard during the list load (${run.profile.file}):\n${run.profile.top}`);
      // A run whose measurements did not all come out is a failed run, whatever the timings.
      const missing = goals.filter((g) => g.met === null).map((g) => g.goal);
      if (run.browser && "error" in run.browser) missing.push("browser");
      if (missing.length) {
        console.error(`not measured at ${size}: ${missing.join("; ")}`);
        failed = true;
      }
    } catch (err) {
      console.error(`bench:fleet at ${size} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      failed = true;
    }
  }
  if (tables.length > 1) console.log(`\n${tables.join("\n\n")}`);
  process.exit(failed ? 1 : 0);
}

void main();
