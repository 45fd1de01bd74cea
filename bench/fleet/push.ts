/**
 * Push latency: status patches sent to the simulated clusters at a steady rate (open loop: one
 * every 1000/rate ms whether or not the last answered), each to a different Function, and the
 * time until the dashboard's `/api/stream` carries that Function's row at the resourceVersion
 * the patch answered with.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { SimHostInfo } from "./sim-host";
import { simFetch } from "./sim-http";
import { monotonicUs } from "./cpu-profile";
import { percentile, round } from "./stats";

export interface PushResult {
  ratePerSec: number;
  sent: number;
  patchErrors: number;
  received: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** `event: reset` seen on the stream (the server asked the client to refetch instead). */
  resets: number;
  /** Every event the stream carried meanwhile, by type, and its bytes: what a push waited behind. */
  streamEvents: Record<string, number>;
  streamBytes: number;
}

interface SseEvent {
  type: string;
  data: string;
}

function openStream(base: string, onEvent: (e: SseEvent, at: number) => void): { close(): void; ready: Promise<void>; bytes(): number } {
  let close = () => undefined as void;
  let bytes = 0;
  const ready = new Promise<void>((resolve, reject) => {
    const req = http.get(`${base}/api/stream`, { headers: { Accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/api/stream: HTTP ${res.statusCode}`));
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const at = performance.now();
        bytes += chunk.length;
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let type = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) type = line.slice(7);
            else if (line.startsWith("data: ")) data.push(line.slice(6));
          }
          if (type === "hello") resolve();
          onEvent({ type, data: data.join("\n") }, at);
        }
      });
    });
    req.on("error", reject);
    close = () => req.destroy();
  });
  return { close: () => close(), ready, bytes: () => bytes };
}

export async function measurePush(base: string, host: SimHostInfo, opts: { ratePerSec: number; seconds: number }): Promise<PushResult> {
  const byCluster = new Map(host.clusters.map((c) => [c.name, c]));
  // id → when the patch was sent, the resourceVersion it answered with, when the row came.
  const pending = new Map<string, { sentAt: number; rv?: string; seen: Map<string, number> }>();
  const latencies: number[] = [];
  let resets = 0;
  const streamEvents: Record<string, number> = {};
  const settle = (id: string) => {
    const p = pending.get(id);
    const at = p?.rv ? p.seen.get(p.rv) : undefined;
    if (p && at !== undefined) {
      latencies.push(at - p.sentAt);
      pending.delete(id);
    }
  };
  const stream = openStream(base, (e, at) => {
    if (e.type === "reset") resets++;
    streamEvents[e.type] = (streamEvents[e.type] ?? 0) + 1;
    if (e.type !== "row") return;
    const { id, row } = JSON.parse(e.data) as { id: string; row?: { resourceVersion?: string } };
    const p = pending.get(id);
    if (!p || !row?.resourceVersion) return;
    p.seen.set(row.resourceVersion, at);
    settle(id);
  });
  await stream.ready;
  const count = Math.min(host.patchTargets.length, Math.round(opts.ratePerSec * opts.seconds));
  let patchErrors = 0;
  const inflight: Array<Promise<void>> = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / opts.ratePerSec;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const target = host.patchTargets[i];
    const cluster = byCluster.get(target.cluster);
    if (!cluster) continue;
    const id = `${target.cluster}/${target.namespace}/${target.name}`;
    // When it was sent (on CLOCK_MONOTONIC, which a server on this machine reads too: it can tell
    // the watch's part of the latency from its own), so a second run on one simulator changes the objects too.
    const conditions = target.conditions.map((c, j) => (j === 0 ? { ...(c as object), message: `bench push ${i} sent ${monotonicUs()}` } : c));
    const entry = { sentAt: performance.now(), seen: new Map<string, number>() } as { sentAt: number; rv?: string; seen: Map<string, number> };
    pending.set(id, entry);
    const url = `${cluster.url}/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${target.namespace}/functions/${target.name}/status`;
    inflight.push(
      simFetch(url, { method: "PATCH", ca: cluster.caPem, token: host.adminToken, contentType: "application/merge-patch+json", body: JSON.stringify({ status: { conditions } }) }).then(
        (res) => {
          if (res.status !== 200) {
            patchErrors++;
            pending.delete(id);
            return;
          }
          entry.rv = (JSON.parse(res.body.toString("utf8")) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
          settle(id);
        },
        () => {
          patchErrors++;
          pending.delete(id);
        },
      ),
    );
  }
  await Promise.all(inflight);
  // Rows still on their way: give them up to 10 s.
  for (let i = 0; i < 100 && pending.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
  stream.close();
  return {
    ratePerSec: opts.ratePerSec,
    sent: count,
    patchErrors,
    received: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: latencies.length ? round(Math.max(...latencies)) : null,
    resets,
    streamEvents,
    streamBytes: stream.bytes(),
  };
}
