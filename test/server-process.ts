/**
 * Child process of lib/server/shutdown.test.ts: the server started as instrumentation.ts starts it
 * (SIGTERM handled), its stream and probes served over HTTP on loopback as the standalone
 * server would, and every row change it observes printed ("observed <id> <resourceVersion>"),
 * so the test can tell what the process saw before it was stopped; /api/slow is a request that
 * is still in flight when SIGTERM comes.
 * Run: node --conditions=react-server --import tsx test/server-process.ts
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GET as readyz } from "@/app/api/readyz/route";
import { GET as stream } from "@/app/api/stream/route";
import { bootServer } from "@/lib/server/boot";
import { handle, json } from "@/lib/server/http/respond";

/** A request that takes 1.5 s, counted in flight like every API request (handle()). */
const slow = handle(async (_req: Request) => {
  await new Promise((r) => setTimeout(r, 1_500));
  return json({ finished: true });
});

const routes: Record<string, (req: Request) => Response | Promise<Response>> = { "/api/stream": stream, "/api/readyz": () => readyz(), "/api/slow": slow };

void bootServer({ signals: true }).then((app) => {
  app.fleet.subscribe((e) => {
    if (e.type === "row" && e.row) process.stdout.write(`observed ${e.id} ${e.row.resourceVersion}\n`);
  });
  const server = http.createServer(async (req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://127.0.0.1").pathname];
    if (!route) return void res.writeHead(404).end();
    const ac = new AbortController();
    res.on("close", () => ac.abort());
    const response = await route(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string>, signal: ac.signal }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
});
