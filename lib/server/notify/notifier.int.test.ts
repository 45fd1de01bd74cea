/**
 * The notifier against a real HTTP receiver on 127.0.0.1 and a real SQLite store, fed by a
 * plain fake of the fleet's events: one message per transition, none on a relist or a restart
 * over the same store, one summary for a burst, retries on 5xx and 429, and a receiver that
 * never answers holds neither the fleet nor the other webhooks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NotificationSchema, type Notification } from "@/lib/domain/wire/notification";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { makeRow } from "@/test/make-row";
import { until } from "@/test/until";
import { webhookReceiver as receiver } from "@/test/webhook-receiver";
import type { FleetEvent, FleetEvents, FleetListener } from "../fleet/events";
import { openStores, type Stores } from "../store/open";
import { Notifier, type NotifierOptions } from "./notifier";
import type { DeliveryResult, WebhookFormat } from "./webhook-sender";

/** The fleet's events as the notifier hears them: rows, deletions, relists (replay included). */
class FakeFleet implements FleetEvents {
  readonly rows = new Map<string, FunctionRow>();
  private readonly listeners = new Set<FleetListener>();

  subscribe(fn: FleetListener, opts: { replay?: boolean } = {}): () => void {
    if (opts.replay) this.relistTo(fn);
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(row: FunctionRow): void {
    this.rows.set(row.id, row);
    this.emit({ type: "row", id: row.id, row, facts: null, aws: null, rejected: false });
  }

  remove(id: string): void {
    this.rows.delete(id);
    this.emit({ type: "row", id, row: null, facts: null, aws: null, rejected: false });
  }

  relist(): void {
    for (const fn of this.listeners) this.relistTo(fn);
  }

  private relistTo(fn: FleetListener): void {
    for (const row of this.rows.values()) fn({ type: "row", id: row.id, row, facts: null, aws: null, rejected: false });
    for (const cluster of new Set([...this.rows.values()].map((r) => r.cluster))) {
      const ids = [...this.rows.values()].filter((r) => r.cluster === cluster).map((r) => r.id);
      fn({ type: "listed", cluster, ids, uids: [], rejectedIds: [] });
    }
  }

  private emit(e: FleetEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function store(): Promise<{ stores: Stores; reopen(): Promise<Stores> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notifier-"));
  const file = path.join(dir, "history.db");
  const opened: Stores[] = [];
  const open = async () => {
    const s = openStores(`sqlite:${file}`);
    await s.ready();
    opened.push(s);
    return s;
  };
  cleanups.push(async () => {
    for (const s of opened) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { stores: await open(), reopen: open };
}

const BASE = "https://fleet.example.com";

function notifier(stores: Stores, webhooks: NotifierOptions["webhooks"], more: Partial<NotifierOptions> = {}) {
  const results: Array<{ format: WebhookFormat; result: DeliveryResult }> = [];
  const logs: string[] = [];
  const n = new Notifier(stores.notified, {
    webhooks,
    baseUrl: BASE,
    windowMs: 100,
    log: (l) => logs.push(l),
    ...more,
    sender: { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 2_000, telemetry: { webhookMessage: (format, result) => results.push({ format, result }) }, ...more.sender },
  });
  cleanups.push(() => n.stop());
  return { n, results, logs };
}

const ALL = ["deletion-blocked", "stuck", "terminal", "failed"] as const;

describe("webhook notifications", () => {
  it("sends one message per transition, and none on a relist or a restart over the same store", async () => {
    const rx = await receiver();
    cleanups.push(rx.close);
    const { stores, reopen } = await store();
    const fleet = new FakeFleet();
    fleet.set(makeRow({ name: "checkout", health: "healthy" }));
    fleet.set(makeRow({ name: "refunds", health: "healthy" }));
    const first = notifier(stores, [{ url: rx.url, format: "json", verdicts: ALL }]);
    await first.n.start(fleet);

    fleet.set(makeRow({ name: "checkout", health: "deletion-blocked", summary: "Deletion requested 12m ago is held by the ACK finalizer." }));
    fleet.set(makeRow({ name: "checkout", health: "deletion-blocked", summary: "Deletion requested 13m ago is held by the ACK finalizer." }));
    await first.n.settle();
    expect(rx.bodies).toHaveLength(1);
    const message = NotificationSchema.parse(rx.bodies[0]);
    expect(message.transitions).toEqual([
      expect.objectContaining({ id: "prod-eu/payments/checkout", from: null, to: "deletion-blocked", change: "entered", url: `${BASE}/functions/prod-eu/payments/checkout` }),
    ]);
    expect(message.needsActionUrl).toBe(`${BASE}/needs-action`);

    // A relist hears every Function again: nothing new to say.
    fleet.relist();
    await first.n.settle();
    expect(rx.bodies).toHaveLength(1);

    // A restart: a new notifier over the same store hears the fleet as it is.
    await first.n.stop();
    const second = notifier(await reopen(), [{ url: rx.url, format: "json", verdicts: ALL }]);
    await second.n.start(fleet);
    await second.n.settle();
    expect(rx.bodies).toHaveLength(1);

    // Leaving: one message; a flap within one window: none.
    fleet.remove("prod-eu/payments/checkout");
    fleet.set(makeRow({ name: "refunds", health: "stuck" }));
    fleet.set(makeRow({ name: "refunds", health: "healthy" }));
    await second.n.settle();
    expect(rx.bodies).toHaveLength(2);
    expect(NotificationSchema.parse(rx.bodies[1]).transitions).toEqual([expect.objectContaining({ id: "prod-eu/payments/checkout", from: "deletion-blocked", to: "gone", change: "left" })]);
    expect(second.results).toEqual([{ format: "json", result: "delivered" }]);
  });

  it("tells of a Function deleted while nobody listened, when its cluster is listed again", async () => {
    const rx = await receiver();
    cleanups.push(rx.close);
    const { stores, reopen } = await store();
    const fleet = new FakeFleet();
    fleet.set(makeRow({ name: "a", health: "terminal" }));
    fleet.set(makeRow({ name: "b", health: "healthy" }));
    const first = notifier(stores, [{ url: rx.url, format: "json", verdicts: ALL }]);
    await first.n.start(fleet);
    await first.n.settle();
    await first.n.stop();
    fleet.rows.delete("prod-eu/payments/a");
    const second = notifier(await reopen(), [{ url: rx.url, format: "json", verdicts: ALL }]);
    await second.n.start(fleet);
    await second.n.settle();
    expect(rx.bodies.map((b) => (b as Notification).transitions.map((t) => `${t.name}:${t.to}`))).toEqual([["a:terminal"], ["a:gone"]]);
  });

  it("summarises a burst of 50 in one message per webhook (Slack and JSON), each to the webhooks that asked for those verdicts", async () => {
    const slack = await receiver();
    const json = await receiver();
    const terminalOnly = await receiver();
    cleanups.push(slack.close, json.close, terminalOnly.close);
    const { stores } = await store();
    const fleet = new FakeFleet();
    const { n } = notifier(
      stores,
      [
        { url: slack.url, format: "slack", verdicts: ALL },
        { url: json.url, format: "json", verdicts: ALL },
        { url: terminalOnly.url, format: "json", verdicts: ["terminal"] },
      ],
      { maxNamed: 5 },
    );
    await n.start(fleet);
    for (let i = 0; i < 50; i++) fleet.set(makeRow({ cluster: i < 30 ? "prod-eu" : "prod-us", name: `fn-${i}`, health: i % 10 === 0 ? "deletion-blocked" : "stuck" }));
    await n.settle();
    expect(slack.bodies).toHaveLength(1);
    const s = slack.bodies[0] as { text: string; blocks: unknown[] };
    expect(s.text).toBe("ACK Lambda Fleet: 50 Functions need action: 5 deletion-blocked, 45 stuck in 2 clusters.");
    expect(JSON.stringify(s.blocks)).toContain("…and 45 more.");
    expect(json.bodies).toHaveLength(1);
    const j = NotificationSchema.parse(json.bodies[0]);
    expect(j.total).toBe(50);
    expect(j.transitions).toHaveLength(5);
    expect(j.counts).toEqual(expect.arrayContaining([{ cluster: "prod-eu", to: "stuck", change: "entered", count: 27 }, { cluster: "prod-us", to: "deletion-blocked", change: "entered", count: 2 }]));
    expect(terminalOnly.bodies).toEqual([]);
    expect(terminalOnly.attempts).toBe(0);
  });

  it("honours a 429's Retry-After over its own backoff; does not retry a 4xx, counts it failed and logs it without the URL's secret", async () => {
    const rx = await receiver();
    cleanups.push(rx.close);
    const { stores } = await store();
    const fleet = new FakeFleet();
    const { n, results, logs } = notifier(stores, [{ url: rx.url, format: "json", verdicts: ALL }], { sender: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    await n.start(fleet);

    // Backoff would wait a minute; the receiver's Retry-After of 0 and 1 s are what count.
    rx.answers.push({ status: 429, headers: { "retry-after": "0" } }, { status: 429, headers: { "retry-after": "1" } });
    fleet.set(makeRow({ name: "a", health: "stuck" }));
    await until("the message delivered after two 429s", () => rx.bodies.length === 1, 10_000);
    expect(rx.attempts).toBe(3);

    rx.answers.push({ status: 404 });
    fleet.set(makeRow({ name: "b", health: "failed" }));
    await n.settle();
    expect(rx.attempts).toBe(4);
    expect(results.map((r) => r.result)).toEqual(["delivered", "failed"]);
    expect(logs.join("\n")).toContain("[notify] webhook http://127.0.0.1:");
    expect(logs.join("\n")).toContain("HTTP 404");
    expect(logs.join("\n")).not.toContain("s3cr3t-token");
  });

  it("delivers once after the receiver failed twice with 500", async () => {
    const rx = await receiver();
    cleanups.push(rx.close);
    const { stores } = await store();
    const fleet = new FakeFleet();
    const { n, results, logs } = notifier(stores, [{ url: rx.url, format: "slack", verdicts: ALL }]);
    await n.start(fleet);
    rx.answers.push({ status: 500 }, { status: 503 });
    fleet.set(makeRow({ name: "a", health: "terminal" }));
    await n.settle();
    expect(rx.attempts).toBe(3);
    expect(rx.bodies).toHaveLength(1);
    expect(results).toEqual([{ format: "slack", result: "delivered" }]);
    expect(logs).toEqual([]);

    // Down for good (connection refused): every attempt fails, the error is counted and logged without the secret.
    await rx.close();
    fleet.set(makeRow({ name: "a", health: "healthy" }));
    await n.settle();
    expect(results.at(-1)).toEqual({ format: "slack", result: "failed" });
    expect(logs.at(-1)).toMatch(/^\[notify\] webhook http:\/\/127\.0\.0\.1:\d+\/…: message not delivered: /);
    expect(logs.join("\n")).not.toContain("s3cr3t-token");
  });

  it("a receiver that never answers holds neither the fleet's listener nor the other webhooks; its queue is bounded", async () => {
    const stuck = await receiver();
    const fine = await receiver();
    cleanups.push(stuck.close, fine.close);
    const { stores } = await store();
    const fleet = new FakeFleet();
    const { n, results } = notifier(
      stores,
      [
        { url: stuck.url, format: "json", verdicts: ALL },
        { url: fine.url, format: "json", verdicts: ALL },
      ],
      { windowMs: 20, sender: { timeoutMs: 60_000, maxAttempts: 1, queueSize: 2 } },
    );
    await n.start(fleet);
    stuck.answers.push(...Array<"hang">(10).fill("hang"));
    for (let round = 0; round < 5; round++) {
      fleet.set(makeRow({ name: `fn-${round}`, health: "stuck" }));
      await until(`round ${round} delivered to the answering webhook`, () => fine.bodies.length === round + 1, 5_000);
    }
    // The hanging receiver holds one request; of the four messages behind it, the queue of two kept the newest.
    expect(stuck.attempts).toBe(1);
    expect(results.filter((r) => r.result === "dropped")).toHaveLength(2);
    await until("five deliveries counted", () => results.filter((r) => r.result === "delivered").length === 5, 5_000);
  });

  it("sends nothing while the store cannot keep what was notified, and tells it once the store answers again", async () => {
    const rx = await receiver();
    cleanups.push(rx.close);
    const { stores } = await store();
    let failures = 1;
    const flaky = {
      loadNotified: () => stores.notified.loadNotified(),
      saveNotified: async (...args: Parameters<Stores["notified"]["saveNotified"]>) => {
        if (failures-- > 0) throw new Error("database is locked");
        return stores.notified.saveNotified(...args);
      },
    };
    const logs: string[] = [];
    const n = new Notifier(flaky, { webhooks: [{ url: rx.url, format: "json", verdicts: ALL }], baseUrl: null, windowMs: 50, log: (l) => logs.push(l), sender: { baseDelayMs: 10 } });
    cleanups.push(() => n.stop());
    const fleet = new FakeFleet();
    await n.start(fleet);
    fleet.set(makeRow({ name: "a", health: "terminal" }));
    await until("told after the store answered again", () => rx.bodies.length === 1, 5_000);
    expect(logs[0]).toContain("could not store the notified verdicts; 1 transition(s) will be tried again: database is locked");
    expect(await stores.notified.loadNotified()).toEqual([expect.objectContaining({ id: "prod-eu/payments/a", verdict: "terminal" })]);
    await n.settle();
    expect(rx.bodies).toHaveLength(1);
  });
});
