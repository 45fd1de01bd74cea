/**
 * The time to a complete AWS view, in process on a fake clock: the AWS reader
 * (lib/server/aws/reader.ts) against a fake Lambda with the large scenario's spread of
 * Functions over accounts and Regions (bench:fleet at 10,000: 3066, 3018, 2750, 496, 413 and
 * 207 in six of them) and about one Function in nine needing attention, answers taking a
 * random time and reaching "AWS" at a random point of it. Prints, per size, when every
 * Function's existence (ListFunctions) and State (GetFunction) were known, as ratios to the
 * bare budget (the largest account and Region's Functions / its cap), and the most requests
 * that arrived in any sliding second of any account and Region (never above the cap). Times
 * count from the reader's start: a server starts it once every cluster's first list is in
 * (lib/server/after-first-lists.ts), so from the process's start add the cold start.
 *   tsx --conditions react-server bench/fleet/aws-view-in-process.ts [--sizes 10000,50000]
 *     [--rps 10] [--list-rps 5] [--latency-ms 5-60] [--list-latency-ms 20-200]
 * The whole run takes seconds: nothing waits on a real clock.
 */
import { parseArgs } from "node:util";
import { maxInAnyWindow } from "../../test/sliding-window";
import { AwsStateReader } from "../../lib/server/aws/reader";
import type { FunctionLocator, GetFunctionOutcome, LambdaReadApi, ListFunctionsOutcome } from "../../lib/server/aws/lambda-api";
import { readAwsConfig } from "../../lib/domain/function-config/read";
import { makeRng } from "../../sim/scenarios/random";

/** bench:fleet's large scenario at 10,000 Functions: how many each account and Region holds. */
const SPREAD = [3066, 3018, 2750, 496, 413, 207];

interface Range {
  min: number;
  max: number;
}

function parseRange(s: string): Range {
  const [a, b] = s.split("-").map(Number);
  if (!Number.isFinite(a)) throw new Error(`not a range: ${s}`);
  return { min: a, max: Number.isFinite(b) ? b : a };
}

/** Answers due at fake times, resolved as the clock passes them. */
class FakeLambda implements LambdaReadApi {
  t = 0;
  readonly arrivals = new Map<string, number[]>();
  readonly listArrivals = new Map<string, number[]>();
  private pending: Array<{ at: number; resolve: () => void }> = [];
  private readonly rnd = makeRng(7).next;
  constructor(
    private readonly names: Map<string, string[]>,
    private readonly latency: Range,
    private readonly listLatency: Range,
  ) {}

  private delay(r: Range, log: Map<string, number[]>, scope: string): Promise<void> {
    const total = r.min + this.rnd() * (r.max - r.min);
    // The request reaches AWS somewhere between sending and the answer: that is where AWS counts it.
    const arrival = this.t + this.rnd() * total;
    let list = log.get(scope);
    if (!list) log.set(scope, (list = []));
    list.push(arrival);
    return new Promise((resolve) => this.pending.push({ at: this.t + total, resolve }));
  }

  async getFunction(loc: FunctionLocator): Promise<GetFunctionOutcome> {
    await this.delay(this.latency, this.arrivals, `${loc.accountId}/${loc.region}`);
    return { kind: "found", state: "Active", stateReason: null, stateReasonCode: null, lastUpdateStatus: "Successful", lastUpdateStatusReason: null, lastUpdateStatusReasonCode: null, codeSha256: "sha", revisionId: "r1", lastModified: null, tags: {} };
  }

  async listFunctions(accountId: string, region: string, marker: string | null): Promise<ListFunctionsOutcome> {
    const scope = `${accountId}/${region}`;
    await this.delay(this.listLatency, this.listArrivals, scope);
    const names = this.names.get(scope) ?? [];
    const page = marker === null ? 0 : Number(marker);
    const functions = names.slice(page * 50, page * 50 + 50).map((functionName) => ({ functionName, codeSha256: "sha", revisionId: "r1", lastModified: null, config: readAwsConfig({ FunctionName: functionName, Runtime: "nodejs22.x" }) }));
    return { kind: "page", functions, nextMarker: (page + 1) * 50 < names.length ? String(page + 1) : null };
  }

  /** Resolves the answers due by now. */
  advance(t: number): void {
    this.t = t;
    const due = this.pending.filter((p) => p.at <= t);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => p.at > t);
    for (const p of due) p.resolve();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

interface ViewResult {
  size: number;
  budgetS: number;
  stateS: number | null;
  existenceS: number | null;
  listBudgetS: number;
  maxGetInWindow: number;
  maxListInWindow: number;
  getRequests: number;
}

async function measure(size: number, rps: number, listRps: number, latency: Range, listLatency: Range): Promise<ViewResult> {
  const total = SPREAD.reduce((a, b) => a + b, 0);
  const counts = SPREAD.map((n) => Math.round((n * size) / total));
  const names = new Map<string, string[]>();
  const lambda = new FakeLambda(names, latency, listLatency);
  const reader = new AwsStateReader(lambda, { requestsPerSecond: rps, concurrency: 4, refreshHealthyMs: 300_000, refreshUnhealthyMs: 15_000, listRequestsPerSecond: listRps, listEveryMs: 60_000, now: () => lambda.t });
  let i = 0;
  counts.forEach((n, s) => {
    const loc = { accountId: String(111111111111 * (1 + (s % 2))), region: ["us-east-1", "eu-west-1", "us-west-2"][Math.floor(s / 2)] };
    const list: string[] = [];
    for (let k = 0; k < n; k++, i++) {
      const functionName = `fn-${String(i).padStart(6, "0")}`;
      list.push(functionName);
      reader.upsert({ id: `c/ns/${functionName}`, loc: { ...loc, functionName }, urgent: i % 9 === 0 });
    }
    names.set(`${loc.accountId}/${loc.region}`, list);
  });
  const largest = Math.max(...counts);
  const budgetS = largest / rps;
  const listBudgetS = listRps > 0 ? Math.ceil(largest / 50) / listRps : 0;
  let existenceS: number | null = null;
  let stateS: number | null = null;
  const limit = budgetS * 2 * 1000 + 60_000;
  for (let t = 0; t <= limit && stateS === null; t += 10) {
    lambda.advance(t);
    await settle();
    reader.tick();
    await settle();
    if (t % 1000 === 0) {
      const p = reader.progress();
      if (existenceS === null && p.existenceKnown === p.targets) existenceS = t / 1000;
      if (p.stateKnown === p.targets) stateS = t / 1000;
    }
  }
  const maxIn = (log: Map<string, number[]>) => Math.max(0, ...[...log.values()].map((times) => maxInAnyWindow(times)));
  const getRequests = [...lambda.arrivals.values()].reduce((a, x) => a + x.length, 0);
  return { size, budgetS, stateS, existenceS, listBudgetS, maxGetInWindow: maxIn(lambda.arrivals), maxListInWindow: maxIn(lambda.listArrivals), getRequests };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "10000,50000" }, rps: { type: "string", default: "10" }, "list-rps": { type: "string", default: "5" }, "latency-ms": { type: "string", default: "5-60" }, "list-latency-ms": { type: "string", default: "20-200" } } });
  const rps = Number(values.rps);
  const listRps = Number(values["list-rps"]);
  const latency = parseRange(values["latency-ms"]);
  const listLatency = parseRange(values["list-latency-ms"]);
  console.log(`cap ${rps}/s GetFunction, ${listRps}/s ListFunctions per account and Region; answers in ${latency.min}-${latency.max} ms (pages ${listLatency.min}-${listLatency.max} ms); times from the reader's start`);
  for (const size of values.sizes.split(",").map(Number)) {
    const r = await measure(size, rps, listRps, latency, listLatency);
    const ratio = (s: number | null, b: number) => (s === null ? "not reached" : `${s.toFixed(0)} s = ${(s / b).toFixed(3)}× the bare budget (${b.toFixed(1)} s)`);
    console.log(`${size}: every State ${ratio(r.stateS, r.budgetS)}; every existence ${ratio(r.existenceS, r.listBudgetS)}; ${r.getRequests} GetFunction; most in any 1 s at arrival: ${r.maxGetInWindow} GetFunction, ${r.maxListInWindow} ListFunctions`);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
