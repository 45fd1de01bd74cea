/**
 * Webhook notifications from the whole dashboard on the simulated fleet (the demo scenario, its
 * seed case deletion-blocked under lambda-controller 1.7.3), to a real receiver on 127.0.0.1:
 * the seed case is told once, its finalizer removed through the dashboard's API is told once
 * (gone), and a restart over the same store tells nothing again.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotificationSchema, type Notification } from "@/lib/domain/wire/notification";
import type { ServerApp } from "@/lib/server/app";
import { SEED_CASE } from "@/sim/scenarios/catalog";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { browserHeaders, post, read } from "@/test/http-requests";
import { startServerApp, stopServerApp } from "@/test/server-app";
import { until } from "@/test/until";
import { webhookReceiver, type WebhookReceiver } from "@/test/webhook-receiver";

const PUBLIC_URL = "https://fleet.example.com";
const SEED = `${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`;

let rx: WebhookReceiver;
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let env: Record<string, string>;

const messages = () => rx.bodies.map((b) => NotificationSchema.parse(b));
const about = (id: string, list: Notification[] = messages()) => list.flatMap((m) => m.transitions.filter((t) => t.id === id));

beforeAll(async () => {
  rx = await webhookReceiver();
  env = {
    ACK_FLEET_WEBHOOKS: JSON.stringify([{ url: rx.url, format: "json" }]),
    ACK_FLEET_NOTIFY_WINDOW: "1s",
    ACK_FLEET_PUBLIC_URL: PUBLIC_URL,
    ACK_FLEET_AWS_REFRESH_UNHEALTHY: "1s",
  };
  ({ sim, dir, app } = await startDashboardOnSim({ prefix: "notify-sim", kubeconfig: "operator", env }));
}, 90_000);

afterAll(async () => {
  await stopDashboardOnSim(app, sim, dir);
  await rx?.close();
});

describe("notifications from the dashboard on the simulated fleet", () => {
  it("tells the seed case once, with its page, and summarises the fleet's first verdicts in few messages", async () => {
    await until("the seed case notified", () => about(SEED).length > 0, 60_000, 200);
    // Later AWS reads and verdict sweeps see it again and again: no second message about it.
    await new Promise((r) => setTimeout(r, 3_000));
    await app.notifier.settle();
    expect(about(SEED)).toEqual([
      expect.objectContaining({ from: null, to: "deletion-blocked", change: "entered", url: `${PUBLIC_URL}/functions/${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}` }),
    ]);
    const named = new Set(messages().flatMap((m) => m.counts.filter((c) => c.change === "entered")).map((c) => c.cluster));
    expect(named.has(SEED_CASE.cluster)).toBe(true);
    // Every Function needing action in the demo fleet, in a handful of summaries, not one message each.
    const entered = messages().reduce((n, m) => n + m.counts.filter((c) => c.change === "entered").reduce((a, c) => a + c.count, 0), 0);
    expect(entered).toBeGreaterThan(10);
    expect(rx.bodies.length).toBeLessThan(entered / 2);
  }, 90_000);

  it("tells once that the seed case is gone after its finalizer is removed through the dashboard", async () => {
    const { POST } = await import("@/app/api/functions/[cluster]/[namespace]/[name]/remediations/route");
    const row = app.fleet.row(SEED)!;
    const res = await read(
      await POST(
        post(`/api/functions/${SEED}/remediations`, { action: "remove-finalizer", expectedResourceVersion: row.resourceVersion, confirm: SEED_CASE.name, reason: "seed case: stuck on 1.7.3 (community#2433)" }, browserHeaders()),
        { params: Promise.resolve({ ...SEED_CASE }) },
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await until("the seed case's departure notified", () => about(SEED).length === 2, 30_000, 200);
    expect(about(SEED)[1]).toMatchObject({ from: "deletion-blocked", to: "gone", change: "left" });
  }, 60_000);

  it("tells nothing again after a restart over the same store", async () => {
    await app.notifier.settle();
    const before = messages();
    /** What each Function was last said to be. */
    const said = new Map<string, string>();
    for (const m of before) for (const t of [...m.transitions].reverse()) said.set(t.id, t.to);
    await stopServerApp(app);
    app = await startServerApp({
      ...env,
      KUBECONFIG: sim.operatorKubeconfigPath!,
      ACK_FLEET_AWS_ENDPOINT: sim.aws.endpoint,
      ACK_FLEET_AWS_CREDENTIALS_FILE: path.join(dir, "aws-credentials.json"),
      ACK_FLEET_AWS_RPS: "100",
      ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
    });
    expect(app.notifier.running).toBe(true);
    await until("the fleet listed again", () => app.fleet.rows().length > 100, 60_000, 200);
    // AWS read again at 100 requests per second, and a few collection windows.
    await new Promise((r) => setTimeout(r, 6_000));
    await app.notifier.settle();
    const after = messages().slice(before.length).flatMap((m) => m.transitions);
    // Only real changes since (the controller models keep moving): never a Function told again what it was last told.
    expect(after.filter((t) => said.get(t.id) === t.to)).toEqual([]);
    expect(about(SEED, messages().slice(before.length))).toEqual([]);
  }, 120_000);
});
