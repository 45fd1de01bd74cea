/**
 * `npm run bench`: the fast paths of the fleet, measured against a baseline run in the same
 * process on the same data, reported as ratios (wall-clock numbers vary by machine; ratios
 * much less so). Data: the large simulated fleet (50,000 Functions over 3 clusters).
 *   --count N (default 50000)   --runs N (default 7)
 */
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { buildLargePlan } from "../sim/scenarios/large";
import { toFunctionFacts } from "../lib/domain/function-object";
import { diagnose } from "../lib/domain/diagnose";
import { readAwsConfig } from "../lib/domain/function-config/read";
import { applyRowQuery, parseRowQuery } from "../lib/domain/row-query";
import { DEFAULT_DIAGNOSE_SETTINGS } from "../lib/domain/diagnose-settings";
import { Fleet } from "../lib/server/fleet/fleet";
import { listAnswer } from "../lib/server/fleet/list-answer";
import { matchesRow, pageOfSorted, type RowQuery } from "../lib/domain/row-query";
import type { GetFunctionOutcome, LambdaReadApi } from "../lib/server/aws/lambda-api";
import { AwsStateReader } from "../lib/server/aws/reader";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 50_000);
const RUNS = arg("runs", 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(runs: number, fn: () => unknown): number {
  fn(); // warm-up (JIT)
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

async function main(): Promise<void> {
  let now = Date.now();
  const plan = buildLargePlan({ count: COUNT, seed: 7, now });
  // AWS answers from the plan, instantly: the bench measures our code, not the network.
  const awsByName = new Map<string, GetFunctionOutcome>();
  for (const c of plan.clusters)
    for (const f of c.functions) {
      if (!f.aws) continue;
      const cfg = { ...f.aws.config, ...(f.aws.force ?? {}) } as unknown as Record<string, string | undefined>;
      awsByName.set(`${f.aws.accountId}/${f.aws.region}/${f.aws.config.FunctionName}`, {
        kind: "found",
        state: cfg.State ?? "Active",
        stateReason: cfg.StateReason ?? null,
        stateReasonCode: cfg.StateReasonCode ?? null,
        lastUpdateStatus: cfg.LastUpdateStatus ?? "Successful",
        lastUpdateStatusReason: cfg.LastUpdateStatusReason ?? null,
        lastUpdateStatusReasonCode: cfg.LastUpdateStatusReasonCode ?? null,
        codeSha256: cfg.CodeSha256 ?? null,
        revisionId: null,
        lastModified: cfg.LastModified ?? null,
        tags: f.aws.tags,
        // As the adapter reads it: the verdicts include the field-by-field comparison.
        config: readAwsConfig(f.aws.config),
      });
    }
  const api: LambdaReadApi = {
    async getFunction(loc) {
      const name = loc.functionName.includes(":function:") ? loc.functionName.split(":function:")[1] : loc.functionName;
      return awsByName.get(`${loc.accountId}/${loc.region}/${name}`) ?? { kind: "not-found" };
    },
  };
  const aws = new AwsStateReader(api, { requestsPerSecond: 1e9, concurrency: 10_000, refreshHealthyMs: 3600_000, refreshUnhealthyMs: 3600_000, now: () => now });
  const fleet = new Fleet([], aws, { settings: DEFAULT_DIAGNOSE_SETTINGS, now: () => now });
  const t0 = performance.now();
  for (const c of plan.clusters) fleet.functionsReplaced(c.name, c.functions.map((f) => f.object));
  const ingestMs = performance.now() - t0;
  for (let i = 0; i < 50; i++) {
    fleet.aws.tick();
    await new Promise((r) => setImmediate(r));
  }
  const rows = fleet.rows();
  const withAws = rows.filter((r) => r.aws).length;

  // 1. Rows with verdicts. Baseline: parse and diagnose every object on every request.
  const baselineRows = time(RUNS, () =>
    plan.clusters.flatMap((c) =>
      c.functions.map((f) => {
        const r = toFunctionFacts(f.object, c.name);
        return r.ok ? diagnose(r.facts, null, null, now, DEFAULT_DIAGNOSE_SETTINGS) : null;
      }),
    ),
  );
  // One Function changes between requests (AWS reads and watches bring ~40 changes a second):
  // the fleet moves that row in its kept index (lib/server/fleet/row-index.ts).
  const first = plan.clusters[0];
  let flip = 0;
  const changeOne = () => {
    const f = first.functions[flip++ % first.functions.length].object as { metadata: { namespace: string; name: string; labels?: Record<string, string> } };
    const obj = { ...f, metadata: { ...f.metadata, labels: { ...f.metadata.labels, bench: String(flip) } } };
    fleet.functionChanged(first.name, `${f.metadata.namespace}/${f.metadata.name}`, obj);
  };
  const fastRows = time(RUNS, () => {
    changeOne();
    return fleet.rows();
  });

  // 2. The list request after a change: filter/sort/page + JSON. Baseline: the rows sorted and
  // the page serialised anew for each request (what a new rows array cost before the index).
  const q = parseRowQuery(new URLSearchParams("limit=500"));
  if (!q.ok) throw new Error(q.message);
  const baselineList = time(RUNS, () => {
    changeOne();
    return JSON.stringify(applyRowQuery([...fleet.rows()], q.query));
  });
  const fastList = time(RUNS, () => {
    changeOne();
    const page = fleet.index.query(q.query);
    return page.ok ? `[${page.items.map((r) => fleet.index.rowJson(r)).join(",")}]` : "";
  });

  // 3. The whole list answer (head, counts, page text, body bytes) after one change that is
  // outside the page (AWS reads land anywhere in the fleet: 95% outside a 500-row page at
  // 10,000). Baseline: what a new version cost before the page text was kept across versions:
  // the rows filtered again, the health counts recounted over every row, the page's text and
  // bytes made again.
  const lastRow = () => {
    // A row far down the default order (health, then name): its change leaves the first page alone.
    const p = fleet.index.query({ ...q.query, limit: 1, order: "desc" });
    return p.ok ? p.items[0] : null;
  };
  let version = 0;
  const changeOutside = () => {
    const r = lastRow();
    if (r) fleet.index.set(r.id, { ...r, observedAt: new Date(++now).toISOString() });
  };
  const previousAnswer = (query: RowQuery) => {
    const rowsNow = [...fleet.rows()]; // a new rows array per version
    let page = fleet.index.query(query);
    if (filtered(query)) {
      // The kept order, filtered anew for the version.
      const all = fleet.index.query({ ...query, health: undefined, q: undefined, cluster: undefined, namespace: undefined, limit: rowsNow.length });
      if (!all.ok) return null;
      const keyed = all.items.filter((r) => matchesRow(r, query)).map((r) => ({ r, k: ["", "", 0, r.id] as never }));
      page = pageOfSorted(keyed, query);
    }
    if (!page.ok) return null;
    const head = { clusters: fleet.clusterSummaries(rowsNow), total: page.total, version: String(++version) };
    return Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":[${page.items.map((r) => fleet.index.rowJson(r)).join(",")}]}`, "utf8");
  };
  const filtered = (query: RowQuery) => Boolean(query.health?.length || query.q);
  const answerNow = (query: RowQuery) => listAnswer(fleet, () => String(++version), query);
  const filteredQ = parseRowQuery(new URLSearchParams("health=stuck,deletion-blocked&q=a&limit=500"));
  if (!filteredQ.ok) throw new Error(filteredQ.message);
  const answerRows: Record<string, { baseline: number; fast: number }> = {};
  for (const [name, query] of [["plain ?limit=500", q.query], ["filtered", filteredQ.query]] as const) {
    answerNow(query); // the filtered list is made once, then kept
    answerRows[name] = {
      baseline: time(RUNS * 3, () => {
        changeOutside();
        return previousAnswer(query);
      }),
      fast: time(RUNS * 3, () => {
        changeOutside();
        return answerNow(query);
      }),
    };
  }

  // What Next's server adds per request for a client that accepts gzip (next.config compress:
  // zlib's default level on every answer; a route cannot send a body it encoded itself).
  const plainBody = answerNow(q.query);
  const bodyBytes = plainBody.ok ? Buffer.concat(plainBody.answer.json) : Buffer.alloc(0);
  const gzipMs = time(RUNS, () => zlib.gzipSync(bodyBytes));
  const gzipBytes = zlib.gzipSync(bodyBytes).byteLength;

  // 4. Paging deep into one snapshot: cached order + binary search vs sorting for every page.
  const q2 = parseRowQuery(new URLSearchParams("sort=name&limit=100"));
  if (!q2.ok) throw new Error(q2.message);
  let cursor: string | undefined;
  for (let i = 0; i < 200; i++) {
    const p = applyRowQuery(rows, { ...q2.query, cursor });
    if (!p.ok || !p.nextCursor) break;
    cursor = p.nextCursor;
  }
  const fastCursor = time(RUNS, () => applyRowQuery(rows, { ...q2.query, cursor }));
  // Baseline: sort the snapshot again for every page (a copy defeats the order cache).
  const baselineCursor = time(RUNS, () => applyRowQuery([...rows], { ...q2.query, cursor }));

  const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
  const ratio = (base: number, fast: number) => `${(base / Math.max(fast, 0.01)).toFixed(1)}x`;
  console.log(`ACK Lambda Fleet benchmark: ${rows.length} Functions (${withAws} with AWS state), ${RUNS} runs each, medians`);
  console.log(`  ingest (parse + verdict + AWS targets): ${fmt(ingestMs)} once`);
  console.log(`  rows with verdicts, after one change:   baseline ${fmt(baselineRows)}  fast ${fmt(fastRows)}  ratio ${ratio(baselineRows, fastRows)}`);
  console.log(`  GET /api/functions after one change: baseline ${fmt(baselineList)}  fast ${fmt(fastList)}  ratio ${ratio(baselineList, fastList)}`);
  for (const [name, t] of Object.entries(answerRows)) console.log(`  list answer after a change outside the page, ${name}: baseline ${fmt(t.baseline)}  fast ${fmt(t.fast)}  ratio ${ratio(t.baseline, t.fast)}`);
  console.log(`  gzip of one ?limit=500 body (${(bodyBytes.byteLength / 1e3).toFixed(0)} kB -> ${(gzipBytes / 1e3).toFixed(0)} kB), per request that accepts gzip: ${fmt(gzipMs)}`);
  console.log(`  deep cursor page:     baseline ${fmt(baselineCursor)}  fast ${fmt(fastCursor)}  ratio ${ratio(baselineCursor, fastCursor)}`);
  fleet.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
