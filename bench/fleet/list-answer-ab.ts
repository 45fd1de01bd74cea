/**
 * The cost of the list's answers while rows change (the AWS first pass: 30-100 new versions of
 * the rows a second, rows of the worst-first first page among them), this checkout's against an
 * earlier one's (`--before DIR`: `git archive <commit> | tar -x -C DIR`), in one process: each
 * keeps its own row index (lib/server/fleet/row-index.ts) of the same `--size` rows, made from a
 * saved first page of whole rows (`--page FILE`, a `GET /api/functions?limit=500` answer of the simulated
 * fleet). Per version, `--changes` rows change (a new row object, as the fleet makes them), one
 * in two of them on the first page; then 4 plain and 4 gzip answers of `?limit=500` are asked
 * (as 32 clients at ~400 answers a second would between two versions). Rows go through
 * rowVerdict() on this checkout's side (the rows it sends). Alternates the sides `--rounds`
 * times and prints ms per version, bytes of the plain and the gzip answer, and the ratios.
 * `--full-list` first reads the whole fleet once per side in the overview's pages of 5,000 (as a
 * browser opening the overview does: the server keeps those pages' texts too); `--moves` makes
 * each change move its row in the default order (a new health), as AWS reads do.
 *   tsx --conditions react-server bench/fleet/list-answer-ab.ts --before DIR --page FILE [--size 10000] [--versions 300] [--changes 1] [--rounds 5] [--full-list] [--moves]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { HEALTH_VALUES } from "@/lib/domain/health";
import { RowQuerySchema } from "@/lib/domain/row-query";
import { FunctionListResponseSchema, type FunctionListResponse, type FunctionRow } from "@/lib/domain/wire/fleet";
import { listAnswer, type ListedFleet } from "@/lib/server/fleet/list-answer";
import { RowIndex } from "@/lib/server/fleet/row-index";
import { rowVerdict } from "@/lib/server/fleet/row";

const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number) => Number(argText(name) ?? fallback);
const SIZE = arg("size", 10_000);
const VERSIONS = arg("versions", 300);
const CHANGES = arg("changes", 1);
const ROUNDS = arg("rounds", 5);

interface Side {
  name: string;
  index: RowIndex;
  answer: typeof listAnswer;
  shape: (row: FunctionRow) => FunctionRow;
}

async function main(): Promise<void> {
  const before = argText("before");
  const pageFile = argText("page");
  if (!before || !pageFile) throw new Error("usage: list-answer-ab.ts --before DIR --page FILE");
  // A page of whole rows (as lists sent them before round 7, or a Function's detail rows):
  // each side sends them in its own shape.
  const page = JSON.parse(fs.readFileSync(pageFile, "utf8")) as Omit<FunctionListResponse, "items"> & { items: FunctionRow[] };
  const old = {
    answer: ((await import(path.resolve(before, "lib/server/fleet/list-answer.ts"))) as { listAnswer: typeof listAnswer }).listAnswer,
    RowIndex: ((await import(path.resolve(before, "lib/server/fleet/row-index.ts"))) as { RowIndex: typeof RowIndex }).RowIndex,
  };
  const sides: Side[] = [
    { name: "before", index: new old.RowIndex(), answer: old.answer, shape: (r) => r },
    { name: "after", index: new RowIndex(), answer: listAnswer, shape: (r) => ({ ...r, verdict: rowVerdict(r.verdict) }) },
  ];
  const moves = process.argv.includes("--moves");
  // SIZE rows: the saved page's rows over and over, each with its own name; the first page's
  // rows (the worst) first in the default order as on the simulated fleet.
  const base = (i: number): FunctionRow => {
    const r = page.items[i % page.items.length];
    const name = `${r.name}-${i}`;
    return { ...r, name, id: `${r.cluster}/${r.namespace}/${name}` };
  };
  const rows = Array.from({ length: SIZE }, (_, i) => base(i));
  for (const s of sides) for (const r of rows) s.index.set(r.id, s.shape(r));
  const query = RowQuerySchema.parse({ limit: "500" });
  const fleetOf = (s: Side): ListedFleet => ({ index: s.index, clusterSummaries: () => page.clusters, awsAccounts: () => [] });
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const first = sides[1].answer(fleetOf(sides[1]), () => "0", query);
  if (!first.ok) throw new Error(first.message);
  const inPage = FunctionListResponseSchema.parse(JSON.parse(Buffer.concat(first.answer.json).toString())).items.map((r) => r.id);
  if (process.argv.includes("--full-list")) {
    for (const s of sides) {
      let cursor: string | undefined;
      do {
        const a = s.answer(fleetOf(s), () => "0", RowQuerySchema.parse({ limit: "5000", ...(cursor ? { cursor } : {}) }));
        if (!a.ok) throw new Error(a.message);
        cursor = (JSON.parse(Buffer.concat(a.answer.json).toString()) as FunctionListResponse).nextCursor ?? undefined;
      } while (cursor);
    }
  }
  const results: Record<string, { msPerVersion: number[]; plain: number; gzip: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of round % 2 ? [...sides].reverse() : sides) {
      seed = round + 1;
      const fleet = fleetOf(s);
      let plain = 0;
      let gzip = 0;
      const t0 = performance.now();
      for (let v = 0; v < VERSIONS; v++) {
        for (let c = 0; c < CHANGES; c++) {
          const id = random() < 0.5 ? inPage[Math.floor(random() * inPage.length)] : rows[Math.floor(random() * rows.length)].id;
          const now = s.index.get(id)!;
          // A new row object, as after an AWS read: the same content, a new observedAt.
          const observedAt = new Date(Date.parse(now.observedAt ?? "2026-01-01T00:00:00Z") + 1000).toISOString();
          s.index.set(id, { ...now, observedAt, ...(moves ? { verdict: { ...now.verdict, health: HEALTH_VALUES[Math.floor(random() * HEALTH_VALUES.length)] } } : {}) });
        }
        for (let k = 0; k < 4; k++) {
          const a = s.answer(fleet, () => String(v), query);
          if (!a.ok) throw new Error(a.message);
          plain = a.answer.json.reduce((n, b) => n + b.byteLength, 0);
          gzip = a.answer.gzip().reduce((n, b) => n + b.byteLength, 0);
        }
      }
      const ms = (performance.now() - t0) / VERSIONS;
      (results[s.name] ??= { msPerVersion: [], plain, gzip }).msPerVersion.push(ms);
      console.log(`[list-answer-ab] round ${round + 1} ${s.name}: ${ms.toFixed(2)} ms a version (4 plain + 4 gzip answers), ${plain} B plain, ${gzip} B gzip`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const b = results.before;
  const a = results.after;
  console.log(`[list-answer-ab] ${SIZE} rows, ${CHANGES} row change(s) a version (half on the first page), medians of ${ROUNDS} rounds:`);
  console.log(`  before ${median(b.msPerVersion).toFixed(2)} ms a version, ${b.plain} B plain, ${b.gzip} B gzip`);
  console.log(`  after  ${median(a.msPerVersion).toFixed(2)} ms a version, ${a.plain} B plain, ${a.gzip} B gzip`);
  console.log(`  ratio before / after: time ${(median(b.msPerVersion) / median(a.msPerVersion)).toFixed(2)}x, plain bytes ${(b.plain / a.plain).toFixed(2)}x, gzip bytes ${(b.gzip / a.gzip).toFixed(2)}x`);
  console.log(`[list-answer-ab] ${execFileSync("uptime").toString().trim()}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
