/**
 * The list fast lane (lib/server/http/list-fast-lane.ts) against this route handler, on one real
 * app (a simulated cluster and Lambda API) in one process: the lane, installed on a real
 * http.Server on 127.0.0.1 in front of a stand-in for Next.js, answers a list read with the very
 * body, ETag and caching headers the route answers for the same version; gzip that unzips to it;
 * 304; HEAD; one log line and nothing left in flight; and passes to Next.js what it must not
 * answer (since, bad queries, deflate-only clients, a draining app).
 */
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { LambdaApiSim } from "@/sim/lambda";
import type { ServerApp } from "@/lib/server/app";
import { requestsInFlight } from "@/lib/server/holder";
import { installListFastLane, LANE_TIMING } from "@/lib/server/http/list-fast-lane";
import securityHeaders from "@/lib/server/http/security-headers.json";
import { configureLog } from "@/lib/server/log";
import { startServerApp, stopServerApp } from "@/test/server-app";

const ACCOUNT = "111122223333";
const KEY = { accessKeyId: "AKIDLANETEST00001", secretAccessKey: "lane-secret-value-123" };
let kube: KubeApiSim;
let lambda: LambdaApiSim;
let app: ServerApp;
let route: (req: Request) => Promise<Response>;
let server: http.Server;
let port: number;
const toNext: string[] = [];
const logLines: string[] = [];

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(method: string, url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The lane's answer and the route's, of one version (the fleet may move between them: tried again). */
async function pair(url: string, headers: Record<string, string> = {}): Promise<{ lane: Raw; route: Response; routeBody: Buffer }> {
  for (let i = 0; i < 20; i++) {
    const lane = await send("GET", url, headers);
    const route_ = await route(new Request(`http://127.0.0.1:${port}${url}`, { headers }));
    const routeBody = Buffer.from(await route_.arrayBuffer());
    if (lane.headers.etag === route_.headers.get("etag")) return { lane, route: route_, routeBody };
  }
  throw new Error("no lane and route answer of one version in 20 tries");
}

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "lane-test" }));
  await kube.start();
  lambda = new LambdaApiSim({ accounts: { [KEY.accessKeyId]: ACCOUNT } });
  await lambda.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  for (let i = 0; i < 30; i++) {
    const m = functionManifest(`fn-${i}`, "team-a");
    kube.store.put({ ...m, status: { ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" }, state: "Active", conditions: [{ type: "ACK.ResourceSynced", status: "True" }] } } as never);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lane-test-"));
  const creds = path.join(dir, "creds.json");
  fs.writeFileSync(creds, JSON.stringify({ [ACCOUNT]: KEY }));
  writeKubeconfig(path.join(dir, "kubeconfig"), [{ name: "lane-test", url: kube.url, token: TOKENS.dashboard }]);
  app = await startServerApp({ KUBECONFIG: path.join(dir, "kubeconfig"), ACK_FLEET_AWS_ENDPOINT: lambda.url, ACK_FLEET_AWS_CREDENTIALS_FILE: creds, ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}` });
  ({ GET: route } = await import("./route"));
  server = http.createServer((req, res) => {
    toNext.push(`${req.method} ${req.url}`);
    res.writeHead(299).end("next");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
  installListFastLane(server, { listen: { port } });
  for (let i = 0; i < 100; i++) {
    const r = await route(new Request("http://127.0.0.1/api/functions"));
    if (((await r.json()) as { total?: number }).total === 30) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  configureLog({ format: "json", write: (line) => logLines.push(line) });
});

afterAll(async () => {
  configureLog({ write: (line) => process.stdout.write(`${line}\n`) });
  await new Promise((r) => server?.close(r));
  await stopServerApp(app);
  await Promise.all([kube?.stop(), lambda?.stop()]);
});

describe("the list fast lane in front of the route", () => {
  it("answers with the route's body, ETag and caching headers, plus what Next.js and proxy.ts add", async () => {
    toNext.length = 0;
    const { lane, route: r, routeBody } = await pair("/api/functions?limit=7&sort=name", { "X-Request-Id": "lane-test-request-0001" });
    expect(toNext).toEqual([]);
    expect(lane.status).toBe(200);
    expect(lane.headers["server-timing"]).toBe(LANE_TIMING);
    expect(lane.body.equals(routeBody)).toBe(true);
    expect(JSON.parse(lane.body.toString()).items).toHaveLength(7);
    for (const h of ["content-type", "cache-control", "etag"]) expect(lane.headers[h]).toBe(r.headers.get(h));
    for (const h of securityHeaders) expect(lane.headers[h.key.toLowerCase()]).toBe(h.value);
    expect(lane.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(lane.headers.vary).toBe("rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding");
    expect(lane.headers["x-request-id"]).toBe("lane-test-request-0001");
    expect(lane.headers["content-encoding"]).toBeUndefined();
    expect(Number(lane.headers["content-length"])).toBe(lane.body.byteLength);
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === "lane-test-request-0001");
    expect(line).toMatchObject({ msg: "request", method: "GET", path: "/api/functions", status: 200, user: "local operator" });
    expect(requestsInFlight().size).toBe(0);
  });

  it("sends the answer's kept gzip when accepted, which unzips to the plain body; 304 for the held tag; HEAD without a body", async () => {
    let plain: Raw | null = null;
    let gzip: Raw | null = null;
    for (let i = 0; i < 20 && (!plain || plain.headers.etag !== gzip?.headers.etag); i++) {
      plain = await send("GET", "/api/functions?limit=20");
      gzip = await send("GET", "/api/functions?limit=20", { "Accept-Encoding": "gzip, deflate, br" });
    }
    expect(gzip!.headers.etag).toBe(plain!.headers.etag);
    expect(gzip!.headers["content-encoding"]).toBe("gzip");
    expect(gzip!.headers["server-timing"]).toBe(LANE_TIMING);
    expect(zlib.gunzipSync(gzip!.body).equals(plain!.body)).toBe(true);
    expect(gzip!.body.byteLength).toBeLessThan(plain!.body.byteLength);

    let held = await send("GET", "/api/functions?limit=20", { "If-None-Match": plain!.headers.etag!, "Accept-Encoding": "gzip" });
    for (let i = 0; i < 20 && held.status !== 304; i++) held = await send("GET", "/api/functions?limit=20", { "If-None-Match": held.headers.etag!, "Accept-Encoding": "gzip" });
    expect(held.status).toBe(304);
    expect(held.body.byteLength).toBe(0);
    expect(held.headers["server-timing"]).toBe(LANE_TIMING);
    expect(held.headers["content-encoding"]).toBeUndefined();

    const head = await send("HEAD", "/api/functions?limit=20", { "Accept-Encoding": "gzip" });
    expect(head.status).toBe(200);
    expect(head.headers["server-timing"]).toBe(LANE_TIMING);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers["content-encoding"]).toBeUndefined();
  });

  it("passes on to Next.js what it must not answer", async () => {
    toNext.length = 0;
    const passed = ["/api/functions?since=0-1", "/api/functions?limit=abc", "/api/functions?cluster=nope", "/api/functions?bogus=1", "/api/functions/lane-test/team-a/fn-1"];
    for (const url of passed) expect((await send("GET", url)).status).toBe(299);
    expect((await send("GET", "/api/functions", { "Accept-Encoding": "deflate" })).status).toBe(299);
    // Not a loopback host in local mode: the gate refuses it, so Next.js (proxy.ts) answers it.
    expect((await send("GET", "/api/functions", { Host: "dashboard.example.com" })).status).toBe(299);
    expect(toNext).toEqual([...passed.map((u) => `GET ${u}`), "GET /api/functions", "GET /api/functions"]);

    app.drain();
    toNext.length = 0;
    expect((await send("GET", "/api/functions?limit=5")).status).toBe(299);
    expect(toNext).toEqual(["GET /api/functions?limit=5"]);
  });
});
