import "server-only";
import { refFromId } from "@/lib/domain/function-ref";
import { buildNotification, buildSlackMessage } from "@/lib/domain/notify/messages";
import { concerns, notifiedAfter, transitionOf, type FunctionNow, type NotifiedVerdict } from "@/lib/domain/notify/transitions";
import type { VerdictTransition } from "@/lib/domain/wire/notification";
import type { FleetEvent, FleetEvents } from "../fleet/events";
import type { NotifiedStore } from "../store/notified-store";
import { WebhookSender, type WebhookFormat, type WebhookSenderOptions } from "./webhook-sender";

/**
 * Webhook notifications (README "Notifications"): a listener of the fleet's events that tells
 * the configured webhooks when Functions enter or leave a verdict that needs an operator.
 *
 * - One message per transition: what was last notified per Function is in the store
 *   (NotifiedStore), loaded at start; a relist, a restart or a new leader compares with it and
 *   finds nothing new to say.
 * - A burst is one message: the first change opens a collection window (windowMs); at its end
 *   every Function changed in it is compared with what was notified (so a flap inside the
 *   window says nothing), the store is updated, and each webhook gets one summary.
 * - Never blocking: the listener only notes the Function; sending is each webhook's bounded
 *   queue (webhook-sender.ts).
 * - Run by the recordTimeline role only (lib/server/app.ts): with replicas, only the leader sends.
 * The data flows one way: the events carry the rows; the notifier never asks the fleet.
 */
export interface WebhookConfig {
  url: string;
  format: WebhookFormat;
  /** The verdicts this webhook hears of (a Function entering or leaving one of them). */
  verdicts: readonly NotifiedVerdict[];
}

export interface NotifierOptions {
  webhooks: readonly WebhookConfig[];
  /** ACK_FLEET_PUBLIC_URL without a trailing slash, or null (messages without links). */
  baseUrl: string | null;
  windowMs: number;
  /** Functions named in a message; the others are counted. */
  maxNamed?: number;
  now?: () => number;
  log?: (line: string) => void;
  sender?: WebhookSenderOptions;
}

export class Notifier {
  /** One per webhook while running (a stopped sender cannot start again: new ones on each start). */
  private senders: Array<{ sender: WebhookSender; verdicts: readonly NotifiedVerdict[] }> = [];
  /** Per Function id: the verdict last notified (what the store holds). */
  private readonly notified = new Map<string, { cluster: string; verdict: NotifiedVerdict }>();
  /** Functions that changed in the open window, as they are now. */
  private readonly changed = new Map<string, FunctionNow>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private starting = false;
  /** Counts stops, so that a start overtaken by a stop does not subscribe afterwards. */
  private generation = 0;

  constructor(
    private readonly store: NotifiedStore,
    private readonly opts: NotifierOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
  }

  get running(): boolean {
    return this.unsubscribe !== null;
  }

  /** Loads what was notified, then hears the fleet as it is (replay) and from then on. */
  async start(events: FleetEvents): Promise<void> {
    if (this.running || this.starting || this.opts.webhooks.length === 0) return;
    this.starting = true;
    const generation = this.generation;
    let records;
    try {
      records = await this.store.loadNotified();
    } finally {
      this.starting = false;
    }
    // Stopped while loading (the role was lost): stay stopped.
    if (generation !== this.generation) return;
    this.senders = this.opts.webhooks.map((w) => ({ sender: new WebhookSender(w.url, w.format, { log: this.log, ...this.opts.sender }), verdicts: w.verdicts }));
    this.notified.clear();
    for (const r of records) this.notified.set(r.id, { cluster: r.cluster, verdict: r.verdict });
    this.unsubscribe = events.subscribe((e) => this.heard(e), { replay: true });
  }

  /**
   * Stops hearing and sending. Changes of the open window are not sent: the store still holds
   * what was notified, so whoever runs the role next (this process again, or another replica)
   * finds the same differences and says them once.
   */
  async stop(): Promise<void> {
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.changed.clear();
    await this.flushing;
    await Promise.all(this.senders.map((s) => s.sender.stop()));
  }

  /** Ends the open window now and waits until every queued message was sent or given up (tests). */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }
    await this.flushing;
    await Promise.all(this.senders.map((s) => s.sender.idle()));
  }

  private heard(e: FleetEvent): void {
    if (e.type === "row") {
      // A malformed object is not a deletion (the fleet keeps its last readable row).
      if (e.rejected) return;
      const ref = e.row ?? refFromId(e.id);
      if (!ref) return;
      const now: FunctionNow = e.row
        ? { kind: "verdict", ref, health: e.row.verdict.health, summary: e.row.verdict.summary, since: e.row.verdict.since }
        : { kind: "gone", ref };
      this.note(e.id, now);
    } else if (e.type === "listed") {
      // Functions deleted while nobody listened: notified, but not in the cluster any more.
      const present = new Set(e.ids);
      for (const [id, n] of this.notified) {
        const ref = refFromId(id);
        if (n.cluster === e.cluster && !present.has(id) && ref) this.note(id, { kind: "gone", ref });
      }
    }
  }

  private note(id: string, now: FunctionNow): void {
    // Only candidates are kept: a change that says nothing matters only if it undoes one in the window.
    if (!this.changed.has(id) && transitionOf(this.notified.get(id)?.verdict ?? null, now, null) === null) return;
    this.changed.set(id, now);
    this.openWindow();
  }

  private openWindow(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }, this.opts.windowMs);
  }

  private async flush(): Promise<void> {
    const at = this.now();
    const transitions: VerdictTransition[] = [];
    for (const [id, now] of this.changed) {
      const t = transitionOf(this.notified.get(id)?.verdict ?? null, now, this.opts.baseUrl);
      if (t) transitions.push(t);
    }
    this.changed.clear();
    if (transitions.length === 0) return;
    const changes = transitions.map((t) => ({ id: t.id, cluster: t.cluster, verdict: notifiedAfter(t) }));
    try {
      await this.store.saveNotified(changes, at);
    } catch (err) {
      // Not remembered, not sent: the next window (or the next start) finds the same differences.
      this.log(`[notify] could not store the notified verdicts; ${transitions.length} transition(s) will be tried again: ${(err as Error).message}`);
      for (const t of transitions) if (!this.changed.has(t.id)) this.changed.set(t.id, this.changedAgain(t));
      if (this.running) this.openWindow();
      return;
    }
    for (const c of changes) {
      if (c.verdict) this.notified.set(c.id, { cluster: c.cluster, verdict: c.verdict });
      else this.notified.delete(c.id);
    }
    for (const { sender, verdicts } of this.senders) {
      const mine = transitions.filter((t) => concerns(t, verdicts));
      if (mine.length === 0) continue;
      const message = buildNotification(mine, { at, baseUrl: this.opts.baseUrl, maxNamed: this.opts.maxNamed ?? 10 });
      sender.enqueue(sender.format === "slack" ? buildSlackMessage(message) : message);
    }
  }

  /** The Function as a transition says it is now (to try it again after a store error). */
  private changedAgain(t: VerdictTransition): FunctionNow {
    const ref = { cluster: t.cluster, namespace: t.namespace, name: t.name };
    return t.to === "gone" ? { kind: "gone", ref } : { kind: "verdict", ref, health: t.to, summary: t.summary ?? "", since: t.since };
  }
}
