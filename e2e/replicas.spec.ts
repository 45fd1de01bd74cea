/**
 * Three replicas as deployed: three standalone Next.js production servers (the build the suite's
 * web server made) on one real PostgreSQL (test/postgres-server.ts) and one simulated fleet,
 * all on 127.0.0.1, in proxy mode with the two-person rule. Through their HTTP API only: exactly
 * one of them leads (its /api/healthz roles record the timeline and read AWS); a live stream read
 * on one replica resumes on another with the event it missed and no reset; an approval asked on
 * one is approved on another, once; one person's write budget holds across them; and when the leader is killed with SIGKILL, another takes
 * over within a bound (the time is printed) while the others keep serving.
 *
 * The fleet is this spec's own (started here, changed through its control API): the suite's
 * fleet stays as the other specs expect it. Without PostgreSQL the spec is skipped, except under
 * CI=true, where that is a failure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findPostgres, startPostgres, type PostgresServer } from "../test/postgres-server";
import { readSse, type StreamEvent } from "../test/sse-reader";
import { expect, test } from "./fixtures";
import { simHostEnv, startSimHost, startStandaloneDashboard, type SecondDashboard } from "./second-dashboard";

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 10;
const CONTROL_PORT = BASE_PORT + 1;
const PORTS = [BASE_PORT, BASE_PORT + 2, BASE_PORT + 3];
const CONTROL = `http://127.0.0.1:${CONTROL_PORT}`;
const SECRET = "e2e-proxy-secret-replicas-0123456789";
const person = (user: string) => ({ "x-forwarded-user": user, "x-forwarded-email": user, "x-forwarded-groups": "ack-operators", "x-ack-fleet-proxy-secret": SECRET });
const ALICE = person("alice@example.com");
const BOB = person("bob@example.com");
const CARLOS = person("carlos@example.com");
const CLUSTER = "prod-us";
/** Each person's remediation requests per minute, for the whole deployment. */
const WRITES_PER_MIN = 6;
/** A takeover waits for the killed leader's connection to end and a follower's next try (1 s). */
const TAKEOVER_BOUND_MS = 15_000;

interface Replica {
  base: string;
  server: SecondDashboard;
}
interface Roles {
  recordTimeline: boolean;
  readAws: boolean;
}

const postgres = findPostgres();
let pg: PostgresServer | null = null;
let simHost: ChildProcess | null = null;
let dir = "";
const replicas: Replica[] = [];

async function get<T>(r: Replica, url: string, headers: Record<string, string> = ALICE): Promise<{ status: number; body: T }> {
  const res = await fetch(`${r.base}${url}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

async function post<T>(r: Replica, url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${r.base}${url}`, { method: "POST", headers: { ...headers, "content-type": "application/json", origin: r.base }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

const rolesOf = async (r: Replica) => (await get<{ roles: Roles }>(r, "/api/healthz")).body.roles;

async function until<T>(what: string, probe: () => Promise<T | null | false | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The replicas leading now (by their health answer; a dead one leads nothing). */
async function leaders(among: Replica[]): Promise<Replica[]> {
  const roles = await Promise.all(among.map((r) => rolesOf(r).catch(() => null)));
  return among.filter((_, i) => roles[i]?.recordTimeline && roles[i]?.readAws);
}

/** Reads GET /api/stream as raw Server-Sent Events until closed. */
function readStream(r: Replica, headers: Record<string, string> = {}): { events: StreamEvent[]; close(): void } {
  return readSse(`${r.base}/api/stream`, { ...ALICE, ...headers });
}

type TimelineEvent = { functionId: string; entries: Array<{ id: string; name: string; message: string | null }> };
const timelineOf = (events: StreamEvent[]) => events.filter((e) => e.event === "timeline").map((e) => JSON.parse(e.data!) as TimelineEvent);
const mentions = (events: StreamEvent[], marker: string) => timelineOf(events).some((t) => t.entries.some((x) => (x.message ?? "").includes(marker)));

async function setCondition(fn: { namespace: string; name: string }, message: string): Promise<void> {
  const res = await fetch(`${CONTROL}/functions/${CLUSTER}/${fn.namespace}/${fn.name}/condition`, { method: "POST", body: JSON.stringify({ type: "ACK.ResourceSynced", status: "False", reason: "ReplicasSpec", message }) });
  expect(res.status).toBe(200);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(200_000);
  if (!postgres.path) {
    if (process.env.CI === "true") throw new Error(`PostgreSQL is required under CI=true: ${postgres.reason}`);
    test.skip(true, postgres.reason);
  }
  pg = await startPostgres();
  const db = await pg.createDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ack-fleet-replicas-"));
  const sim = await startSimHost(dir, CONTROL_PORT, (child) => (simHost = child));
  const env = {
    ...simHostEnv(sim),
    ACK_FLEET_STORE: db.url,
    ACK_FLEET_AUTH_MODE: "proxy",
    ACK_FLEET_PROXY_SECRET: SECRET,
    ACK_FLEET_TWO_PERSON: "true",
    ACK_FLEET_LOG_FORMAT: "text",
    ACK_FLEET_WRITE_RATE_PER_MIN: String(WRITES_PER_MIN),
  };
  // One after the other: three servers starting at once on two cores would only be slower.
  for (const port of PORTS) {
    const base = `http://127.0.0.1:${port}`;
    const server = await startStandaloneDashboard({
      port,
      env,
      ready: async () => {
        const r = await fetch(`${base}/api/functions?limit=1`, { headers: ALICE });
        return r.ok && ((await r.json()) as { total: number }).total > 0;
      },
    });
    replicas.push({ base, server });
  }
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) for (const r of replicas) console.log(`--- ${r.base} ---\n${r.server.output()}`);
});

test.afterAll(async () => {
  for (const r of replicas) await r.server.stop();
  if (simHost && simHost.exitCode === null) {
    const exited = new Promise((r) => simHost!.once("exit", r));
    simHost.kill("SIGTERM");
    await exited;
  }
  pg?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("exactly one of three replicas leads", async () => {
  const leading = await until("a leader", async () => {
    const now = await leaders(replicas);
    return now.length > 0 && now;
  });
  // Held a while: a second leader would show within a few election retries.
  for (let i = 0; i < 5; i++) {
    expect((await leaders(replicas)).map((r) => r.base)).toEqual(leading.map((r) => r.base));
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(leading).toHaveLength(1);
});

test("a live stream read on one replica resumes on another with what it missed, without a reset", async () => {
  test.setTimeout(60_000);
  const [a, b] = replicas;
  const { body } = await get<{ items: Array<{ cluster: string; namespace: string; name: string; verdict: { health: string } }> }>(a, `/api/functions?cluster=${CLUSTER}&limit=200`);
  const healthy = body.items.filter((f) => f.cluster === CLUSTER && f.verdict.health === "healthy");
  expect(healthy.length).toBeGreaterThan(1);
  const [seen, missed] = healthy;
  const run = Date.now().toString(36);

  const onA = readStream(a);
  await until("A's hello", async () => onA.events.some((e) => e.event === "hello"));
  await setCondition(seen, `seen on A ${run}`);
  await until("A streams the change it saw", async () => mentions(onA.events, `seen on A ${run}`));
  await new Promise((r) => setTimeout(r, 300));
  onA.close();
  const lastId = onA.events.at(-1)!.id!;
  const seenIds = timelineOf(onA.events).flatMap((t) => t.entries.map((x) => x.id));

  await setCondition(missed, `missed ${run}`);
  const timelineUrl = `/api/functions/${CLUSTER}/${missed.namespace}/${missed.name}/timeline`;
  await until("the leader records the missed change", async () => {
    const t = await get<{ entries: Array<{ message: string | null }> }>(b, timelineUrl);
    return t.body.entries.some((x) => (x.message ?? "").includes(`missed ${run}`));
  });

  const onB = readStream(b, { "Last-Event-ID": lastId });
  try {
    await until("B replays the missed change", async () => mentions(onB.events, `missed ${run}`), 15_000);
    expect(JSON.parse(onB.events.find((e) => e.event === "hello")!.data!)).toEqual({ resumed: true });
    expect(onB.events.filter((e) => e.event === "reset")).toEqual([]);
    const replayed = timelineOf(onB.events).flatMap((t) => t.entries.map((x) => x.id));
    expect(replayed.filter((id) => seenIds.includes(id))).toEqual([]);
  } finally {
    onB.close();
  }
});

test("an approval asked on one replica is approved on another, once", async () => {
  test.setTimeout(60_000);
  const [a, b, c] = replicas;
  const prefix = `rp${Date.now().toString(36)}`;
  const res = await fetch(`${CONTROL}/clusters/${CLUSTER}/outage`, { method: "POST", body: JSON.stringify({ namespace: "media", count: 1, prefix }) });
  expect(res.status).toBe(200);
  const [name] = ((await res.json()) as { names: string[] }).names;
  const fnUrl = `/api/functions/${CLUSTER}/media/${name}`;
  // As the two operators would see it: the Function on their replica's page, its finalizer's
  // removal allowed (the leader's AWS read of it has reached every replica).
  type Detail = { resourceVersion: string; eligibility: Record<string, { allowed: boolean }> };
  const seenOn = (r: Replica) => until(`the new Function, removable, on ${r.base}`, async () => {
    const d = await get<Detail>(r, fnUrl);
    return d.status === 200 && d.body.eligibility["remove-finalizer"]?.allowed && d.body;
  });
  const [fn] = await Promise.all([seenOn(a), seenOn(b), seenOn(c)]);

  const asked = await post<{ approvalId: string }>(a, `${fnUrl}/remediations`, ALICE, { action: "remove-finalizer", expectedResourceVersion: fn.resourceVersion, confirm: name, reason: `replicas spec ${prefix}` });
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  const id = asked.body.approvalId;
  // Asked on A, approved by another operator on B and, at the same time, on C: one wins.
  const [onB, onC] = await Promise.all([post(b, `/api/remediations/${id}/approve`, BOB, { confirm: name }), post(c, `/api/remediations/${id}/approve`, BOB, { confirm: name })]);
  expect([onB.status, onC.status].filter((s) => s === 200)).toHaveLength(1);
  // The other is told it is too late: taken by the first (409), or the object is already gone (404).
  expect([404, 409]).toContain(onB.status === 200 ? onC.status : onB.status);

  const audit = await get<{ items: Array<{ phase: string; outcome: string | null; actor: { user: string } }> }>(c, `/api/audit?cluster=${CLUSTER}&namespace=media&name=${name}`);
  expect(audit.status).toBe(200);
  const entries = (phase: string) => audit.body.items.filter((e) => e.phase === phase).map((e) => ({ user: e.actor.user, outcome: e.outcome }));
  expect(entries("approval-requested").map((e) => e.user)).toEqual(["alice@example.com"]);
  expect(entries("approved").map((e) => e.user)).toEqual(["bob@example.com"]);
  // The action runs once, as the requester.
  expect(entries("outcome")).toEqual([{ user: "alice@example.com", outcome: "succeeded" }]);
});

test("one person's write budget holds across the replicas", async () => {
  test.setTimeout(60_000);
  const { body } = await get<{ items: Array<{ namespace: string; name: string; resourceVersion: string }> }>(replicas[0], `/api/functions?cluster=${CLUSTER}&limit=1`);
  const [fn] = body.items;
  const dryRun = { action: "request-deletion", expectedResourceVersion: fn.resourceVersion, confirm: fn.name, reason: "replicas spec budget", dryRun: true };
  const url = `/api/functions/${CLUSTER}/${fn.namespace}/${fn.name}/remediations`;
  // The budget spread over the three replicas, two each: none is refused for its rate...
  const statuses: number[] = [];
  for (let i = 0; i < WRITES_PER_MIN; i++) statuses.push((await post(replicas[i % 3], url, CARLOS, dryRun)).status);
  expect(statuses.filter((s) => s === 429)).toEqual([]);
  // ...and the next one is, on whichever replica it lands, with the time to wait.
  for (const r of replicas) {
    const res = await fetch(`${r.base}${url}`, { method: "POST", headers: { ...CARLOS, "content-type": "application/json", origin: r.base }, body: JSON.stringify(dryRun) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  }
});

test("when the leader is killed, another replica takes over within the bound and the others keep serving", async () => {
  test.setTimeout(60_000);
  const [leader] = await leaders(replicas);
  expect(leader).toBeTruthy();
  const others = replicas.filter((r) => r !== leader);
  const killedAt = Date.now();
  await leader.server.kill();
  const next = await until("a new leader", async () => {
    const now = await leaders(others);
    return now.length > 0 && now;
  }, TAKEOVER_BOUND_MS);
  const takeoverMs = Date.now() - killedAt;
  console.log(`[replicas] leader on ${leader.base} killed (SIGKILL); ${next[0].base} leads after ${takeoverMs} ms`);
  expect(next).toHaveLength(1);
  expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
  for (const r of others) {
    const list = await get<{ total: number }>(r, "/api/functions?limit=1");
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect((await fetch(`${r.base}/api/readyz`)).status).toBe(200);
  }
  expect(await fetch(`${leader.base}/api/healthz`).then(() => "answered", () => "down")).toBe("down");
});
