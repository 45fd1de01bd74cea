/**
 * One dashboard replica as its own process, for the failover tests: the server app
 * (createServerApp, configured from the environment as at boot) with a small loopback HTTP
 * endpoint instead of Next.js: `GET /state` (leader or not, roles, rows) and `GET /stream`
 * (the live stream, lib/server/live/sse.ts, Last-Event-ID honoured). Prints `ready <port>`.
 *
 *   node --conditions react-server --import tsx test/replica-process.ts
 *   env: the dashboard's variables, REPLICA_NAME, REPLICA_PORT (0: a free one)
 */
import http from "node:http";
import { Readable } from "node:stream";
import { createServerApp } from "@/lib/server/app";
import { parseConfig } from "@/lib/server/config";
import { streamResponse } from "@/lib/server/live/sse";

async function main(): Promise<void> {
  const name = process.env.REPLICA_NAME ?? `replica-${process.pid}`;
  const app = createServerApp(parseConfig(process.env), { election: { identity: name }, log: (l) => console.error(`[${name}] ${l}`) });
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
