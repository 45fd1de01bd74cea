/**
 * One dashboard replica as its own process, for the failover tests: the server app
 * (createServerApp, configured from the environment as at boot) with a small loopback HTTP
 * endpoint instead of Next.js: `GET /state` (leader or not, roles, rows), `GET /stream`
 * (the live stream, lib/server/live/sse.ts, Last-Event-ID honoured) and `POST /remediate`
 * (`{ target, body }`: a remediation as the kubeconfig's user, local mode). Prints `ready <port>`.
 *
 *   node --conditions react-server --import tsx test/replica-process.ts
 *   env: the dashboard's variables, REPLICA_NAME, REPLICA_PORT (0: a free one);
 *   REPLICA_PAUSE_AT=after-attempt|between-steps: a remediation prints `paused <point>` there and
 *   waits (at most 60 s, for the test to kill the process); REPLICA_RECONCILE_GRACE_MS: how old
 *   an attempt without an outcome must be before it is reconciled.
 */
import http from "node:http";
import { Readable } from "node:stream";
import { createServerApp } from "@/lib/server/app";
import { parseConfig } from "@/lib/server/config";
import { streamResponse } from "@/lib/server/live/sse";
import type { FaultPoint } from "@/lib/server/remediation/service";

const pausePoint = process.env.REPLICA_PAUSE_AT as FaultPoint | undefined;
const graceMs = process.env.REPLICA_RECONCILE_GRACE_MS ? Number(process.env.REPLICA_RECONCILE_GRACE_MS) : undefined;

async function pauseAt(point: FaultPoint): Promise<void> {
  if (point !== pausePoint) return;
  console.log(`paused ${point}`);
  await new Promise((r) => setTimeout(r, 60_000));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

async function main(): Promise<void> {
  const name = process.env.REPLICA_NAME ?? `replica-${process.pid}`;
  const app = createServerApp(parseConfig(process.env), {
    election: { identity: name },
    log: (l) => console.error(`[${name}] ${l}`),
    pauseAt,
    reconcile: graceMs === undefined ? undefined : { graceMs, everyMs: 500 },
  });
  await app.start();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/state") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ name, leader: app.election?.isLeader ?? null, roles: app.roles(), rows: app.fleet.rows().length }));
      return;
    }
    if (url.pathname === "/stream") {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const ac = new AbortController();
      req.on("close", () => ac.abort());
      const response = streamResponse(app.live, new Request(url, { headers, signal: ac.signal }));
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (response.body) Readable.fromWeb(response.body as never).pipe(res);
      else res.end();
      return;
    }
    if (url.pathname === "/remediate" && req.method === "POST") {
      void (async () => {
        const { target, body } = JSON.parse(await readBody(req));
        const answer = await app.remediation.submit({ user: "kubeconfig-user", groups: [], email: null, mode: "local" }, target, body).catch((err: Error & { status?: number }) => ({ status: err.status ?? 500, body: { error: err.message } }));
        res.setHeader("content-type", "application/json");
        res.statusCode = answer.status;
        res.end(JSON.stringify(answer.body));
      })();
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  server.listen(Number(process.env.REPLICA_PORT ?? 0), "127.0.0.1", () => {
    console.log(`ready ${(server.address() as { port: number }).port}`);
  });
  const stop = async () => {
    server.close();
    await app.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
