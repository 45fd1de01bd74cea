/**
 * Watching the dashboard from outside, as an operator's browser or script sees it: the list
 * API polled until the whole fleet is there with verdicts and every cluster connected (cold
 * start), and the whole list read the way the overview reads it (pages of 20,000).
 */
import { performance } from "node:perf_hooks";
import { simFetch } from "./sim-http";

interface ListBody {
  total?: number;
  /** The live stream's last event id, `<epoch>-<seq>`. */
  version?: string;
  nextCursor?: string;
  clusters: Array<{ name: string; connected: boolean; functionCount: number; healthCounts?: Record<string, number> }>;
  // Rows as lists send them (lib/domain/wire/fleet.ts, listedRowWire): `aws` left out when not known.
  items: Array<{ accountId: string | null; region: string | null; awsName: string | null; aws?: { observedAt: string } | null }>;
}

export async function getList(base: string, query: string): Promise<{ ms: number; bytes: number; body: ListBody }> {
  const t0 = performance.now();
  const res = await simFetch(`${base}/api/functions?${query}`);
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET /api/functions?${query}: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 300)}`);
  return { ms, bytes: res.body.length, body: JSON.parse(res.body.toString("utf8")) as ListBody };
}

export interface ColdStart {
  /** Process start → the HTTP server first answered. */
  serverUpMs: number | null;
  /** Process start → the list answered the whole fleet, every row with a verdict, every cluster connected. */
  completeMs: number | null;
  polls: number;
  /**
   * How many live stream events the server had published when complete (the `<seq>` of the
   * list's `version`): a row event per Function once, more when rows were made again.
   */
  liveEvents?: number;
}

/**
 * Polls `/api/functions?limit=1` one request at a time (10 ms apart) from `startedAt`: complete
 * when `total` is the fleet's size, every cluster is connected and the clusters' verdict
 * counts add up to the fleet's size (every row has a verdict). The time is taken when the
 * answer that first shows it arrives: at most one request's latency late.
 */
export async function waitForColdStart(base: string, startedAt: number, size: number, timeoutMs: number, alive: () => boolean): Promise<ColdStart> {
  const out: ColdStart = { serverUpMs: null, completeMs: null, polls: 0 };
  while (Date.now() - startedAt < timeoutMs && alive()) {
    out.polls++;
    try {
      const { body } = await getList(base, "limit=1");
      out.serverUpMs ??= Date.now() - startedAt;
      const counted = body.clusters.reduce((sum, c) => sum + Object.values(c.healthCounts ?? {}).reduce((a, b) => a + b, 0), 0);
      if (body.total === size && body.clusters.length > 0 && body.clusters.every((c) => c.connected) && counted === size) {
        out.completeMs = Date.now() - startedAt;
        const seq = Number(body.version?.split("-").pop());
        if (Number.isInteger(seq)) out.liveEvents = seq;
        return out;
      }
    } catch {
      // not listening yet, or 503 while starting
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return out;
}

export interface FullList {
  ms: number;
  bytes: number;
  rows: number;
  /** Distinct AWS functions (account/region/name) the rows point at: what a complete AWS view reads. */
  awsTargets: number;
  /** The same per account and region ("account/region"): each has its own budget. */
  awsTargetsPerScope: Record<string, number>;
  /** Rows whose live AWS state was read at least once. */
  awsObserved: number;
}

/** Every row, in the overview's pages of 20,000, following nextCursor. */
export async function readFullList(base: string): Promise<FullList> {
  const out: FullList = { ms: 0, bytes: 0, rows: 0, awsTargets: 0, awsTargetsPerScope: {}, awsObserved: 0 };
  const targets = new Set<string>();
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ limit: "20000" });
    if (cursor) q.set("cursor", cursor);
    const page = await getList(base, q.toString());
    out.ms += page.ms;
    out.bytes += page.bytes;
    out.rows += page.body.items.length;
    for (const r of page.body.items) {
      if (r.accountId && r.region && r.awsName) targets.add(`${r.accountId}/${r.region}/${r.awsName}`);
      if (r.aws?.observedAt) out.awsObserved++;
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  out.awsTargets = targets.size;
  for (const t of targets) {
    const scope = t.split("/").slice(0, 2).join("/");
    out.awsTargetsPerScope[scope] = (out.awsTargetsPerScope[scope] ?? 0) + 1;
  }
  return out;
}
