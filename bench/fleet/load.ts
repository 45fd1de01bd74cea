/**
 * Closed-loop HTTP load: `clients` concurrent clients, each sending the next request when the
 * last one answered, until `maxRequests` were sent or `maxMs` passed (whichever first).
 * Latency is measured per request (sent → last byte); throughput over the whole run.
 */
import { performance } from "node:perf_hooks";
import { percentile, round } from "./stats";
import { simFetch, type SimRequest } from "./sim-http";

export interface LoadResult {
  url: string;
  clients: number;
  requests: number;
  errors: number;
  seconds: number;
  perSec: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  bytesPerResponse: number | null;
}

export async function runLoad(url: string, opts: { clients: number; maxRequests: number; maxMs: number; request?: SimRequest }): Promise<LoadResult> {
  const samples: number[] = [];
  let sent = 0;
  let errors = 0;
  let bytes = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.maxMs;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (sent < opts.maxRequests && performance.now() < deadline) {
        sent++;
        const r0 = performance.now();
        try {
          const res = await simFetch(url, opts.request);
          if (res.status !== 200) errors++;
          else {
            samples.push(performance.now() - r0);
            bytes = res.body.length;
          }
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    url,
    clients: opts.clients,
    requests: samples.length,
    errors,
    seconds: round(seconds, 2) ?? 0,
    perSec: round(samples.length / seconds, 1),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(Math.max(...samples)),
    bytesPerResponse: samples.length ? bytes : null,
  };
}
