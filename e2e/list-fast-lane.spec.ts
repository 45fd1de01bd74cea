/**
 * The list fast lane (lib/server/http/list-fast-lane.ts) on the production standalone server:
 * two servers on one simulated fleet (e2e/sim-host.ts), in proxy mode, one with the lane (the
 * default) and one with ACK_FLEET_LIST_FAST_LANE=off. A list read of a person who may see every
 * Function is answered by the lane (`Server-Timing: lane`) with the headers and body Next.js's
 * route sends for it; its gzip unzips to the plain body; 304 for the held tag; what the lane
 * does not serve (no identity, a wrong secret, a person who sees less, a bad query) gets the
 * very answer of the server without the lane. Raw HTTP (node:http): fetch would decompress.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { expect, test } from "./fixtures";
import { rawRequest, type Raw } from "./raw-http";
import { simHostEnv, startSimHost, startStandaloneDashboard, type SecondDashboard } from "./second-dashboard";

const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
const CONTROL_PORT = E2E_PORT + 4;
const LANE_PORT = E2E_PORT + 5;
const NEXT_PORT = E2E_PORT + 6;
const SECRET = "e2e-proxy-secret-fast-lane-0123456789";
const person = (user: string, groups: string) => ({ "x-forwarded-user": user, "x-forwarded-email": user, "x-forwarded-groups": groups, "x-ack-fleet-proxy-secret": SECRET });
/** May list Functions cluster-wide in every cluster (sim/scenarios/identities.ts). */
const VIEWER = person("viewer@example.com", "ack-viewers");
/** May list Functions in the checkout namespace only. */
const CHECKOUT_DEV = person("dev@example.com", "checkout-team");
const LANE_TIMING = 'lane;desc="list"';

function get(port: number, url: string, headers: Record<string, string>): Promise<Raw> {
  return rawRequest(`http://127.0.0.1:${port}${url}`, headers);
}

/**
 * The headers that must be the same whichever way an answer went: all but the connection's
 * framing (Content-Length or chunked), the date, the per-response ids (request id, CSP nonce,
 * ETag: each process tags its own versions) and the lane's own Server-Timing.
 */
function comparable(h: http.IncomingHttpHeaders): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) {
    if (["date", "connection", "keep-alive", "content-length", "transfer-encoding", "x-request-id", "etag", "server-timing"].includes(k)) continue;
    out[k] = k === "content-security-policy" ? String(v).replace(/'nonce-[^']+'/, "'nonce-N'") : v;
  }
  return out;
}

/**
 * What two processes reading one fleet agree on in a list body: its fields, the fields of each
 * row, how many rows and Functions. Not the values: each process reads AWS at its own moments
 * (a row's AWS state and times differ) and numbers its own versions. That the lane's bytes are
 * the route's own, for one version, is shown in one process (app/api/functions/fast-lane.test.ts).
 */
function listContent(body: Buffer): unknown {
  const list = JSON.parse(body.toString("utf8")) as Record<string, unknown> & { items: Array<Record<string, unknown>>; clusters: Array<Record<string, unknown>> };
  return {
    fields: Object.keys(list).sort(),
    total: list.total,
    rows: list.items.length,
    rowFields: [...new Set(list.items.flatMap((r) => Object.keys(r)))].sort(),
    clusters: list.clusters.map((c) => c.name ?? c.cluster),
  };
}

let simHost: ChildProcess | null = null;
let lane: SecondDashboard | null = null;
let plain: SecondDashboard | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ack-fleet-fast-lane-"));
  const sim = await startSimHost(dir, CONTROL_PORT, (child) => (simHost = child));
  const env = {
    ...simHostEnv(sim),
    ACK_FLEET_AUTH_MODE: "proxy",
    ACK_FLEET_PROXY_SECRET: SECRET,
    ACK_FLEET_LOG_FORMAT: "json",
  };
  const ready = (port: number) => async () => {
    const r = await get(port, "/api/functions?limit=1", VIEWER);
    return r.status === 200 && (JSON.parse(r.body.toString()) as { total: number }).total > 0;
  };
  // One after the other: two servers starting at once on two cores would only be slower.
  lane = await startStandaloneDashboard({ port: LANE_PORT, env: { ...env, ACK_FLEET_STORE: `sqlite:${path.join(dir, "lane.db")}` }, ready: ready(LANE_PORT) });
  plain = await startStandaloneDashboard({ port: NEXT_PORT, env: { ...env, ACK_FLEET_STORE: `sqlite:${path.join(dir, "next.db")}`, ACK_FLEET_LIST_FAST_LANE: "off" }, ready: ready(NEXT_PORT) });
});

test.afterAll(async () => {
  await Promise.all([lane?.stop(), plain?.stop()]);
  if (simHost && simHost.exitCode === null) {
    const exited = new Promise((r) => simHost!.once("exit", r));
    simHost.kill("SIGTERM");
    await exited;
  }
});

test("a list read of a person who sees everything is served by the lane, with the headers and body shape Next.js's route sends", async () => {
  for (const url of ["/api/functions?limit=500", "/api/functions?health=stuck,deletion-blocked,terminal&q=a&limit=500"]) {
    // Both servers read the same fleet; it changes now and then: take answers of the same shape.
    let pairFound: { viaLane: Raw; viaNext: Raw } | null = null;
    for (let i = 0; i < 20 && !pairFound; i++) {
      const viaLane = await get(LANE_PORT, url, VIEWER);
      const viaNext = await get(NEXT_PORT, url, VIEWER);
      if (JSON.stringify(listContent(viaLane.body)) === JSON.stringify(listContent(viaNext.body))) pairFound = { viaLane, viaNext };
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(pairFound, `${url}: the same content from both servers within 20 tries`).not.toBeNull();
    const { viaLane, viaNext } = pairFound!;
    expect(viaLane.status).toBe(200);
    expect(viaLane.headers["server-timing"]).toBe(LANE_TIMING);
    expect(viaNext.headers["server-timing"]).toBeUndefined();
    expect(comparable(viaLane.headers)).toEqual(comparable(viaNext.headers));
    expect(viaLane.headers["content-security-policy"]).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(viaLane.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  }
  // The lane's request log line, with the id it sent back.
  const seen = await get(LANE_PORT, "/api/functions?limit=3", { ...VIEWER, "X-Request-Id": "fast-lane-e2e-0001" });
  expect(seen.headers["server-timing"]).toBe(LANE_TIMING);
  await expect.poll(() => lane!.output()).toMatch(/"msg":"request","requestId":"fast-lane-e2e-0001","method":"GET","path":"\/api\/functions","user":"viewer@example.com","status":200/);
});

test("gzip from the lane unzips to its plain body of the same version; 304 for the held tag, as without the lane", async () => {
  const url = "/api/functions?limit=500";
  let both: { plainBody: Raw; gzip: Raw } | null = null;
  for (let i = 0; i < 20 && !both; i++) {
    const plainBody = await get(LANE_PORT, url, { ...VIEWER, "Accept-Encoding": "identity" });
    const gzip = await get(LANE_PORT, url, { ...VIEWER, "Accept-Encoding": "gzip, deflate, br" });
    if (plainBody.headers.etag === gzip.headers.etag) both = { plainBody, gzip };
  }
  expect(both).not.toBeNull();
  const { plainBody, gzip } = both!;
  expect(gzip.headers["server-timing"]).toBe(LANE_TIMING);
  expect(gzip.headers["content-encoding"]).toBe("gzip");
  expect(zlib.gunzipSync(gzip.body).equals(plainBody.body)).toBe(true);
  expect(gzip.body.byteLength).toBeLessThan(plainBody.body.byteLength / 4);
  const viaNext = await get(NEXT_PORT, url, { ...VIEWER, "Accept-Encoding": "gzip, deflate, br" });
  expect(viaNext.headers["content-encoding"]).toBe("gzip");
  expect(comparable(gzip.headers)).toEqual(comparable(viaNext.headers));

  const notModified = async (port: number) => {
    let tag = (await get(port, url, VIEWER)).headers.etag!;
    for (let i = 0; i < 20; i++) {
      const held = await get(port, url, { ...VIEWER, "Accept-Encoding": "gzip", "If-None-Match": tag });
      if (held.status === 304) return held;
      tag = held.headers.etag!;
    }
    throw new Error(`no 304 from ${port} in 20 tries`);
  };
  const [laneHeld, nextHeld] = [await notModified(LANE_PORT), await notModified(NEXT_PORT)];
  expect(laneHeld.headers["server-timing"]).toBe(LANE_TIMING);
  expect(laneHeld.body.byteLength).toBe(0);
  expect(comparable(laneHeld.headers)).toEqual(comparable(nextHeld.headers));
});

test("what the lane does not serve gets the very answer of the server without it", async () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ["no identity (the gate's 401)", "/api/functions?limit=5", {}],
    ["a wrong secret", "/api/functions?limit=5", { ...VIEWER, "x-ack-fleet-proxy-secret": "wrong" }],
    ["a person who sees less", "/api/functions?limit=500", CHECKOUT_DEV],
    ["a bad query", "/api/functions?limit=abc", VIEWER],
    ["an unknown cluster", "/api/functions?cluster=nope", VIEWER],
  ];
  for (const [what, url, headers] of cases) {
    let matched = false;
    for (let i = 0; i < 10 && !matched; i++) {
      const [a, b] = [await get(LANE_PORT, url, headers), await get(NEXT_PORT, url, headers)];
      expect(a.headers["server-timing"], what).toBeUndefined();
      expect(a.status, what).toBe(b.status);
      expect(comparable(a.headers), what).toEqual(comparable(b.headers));
      matched = a.status === 200 ? JSON.stringify(listContent(a.body)) === JSON.stringify(listContent(b.body)) : a.body.equals(b.body);
    }
    expect(matched, `${what}: the same body from both servers`).toBe(true);
  }
  expect((await get(LANE_PORT, "/api/functions?limit=5", {})).status).toBe(401);
});
