import "server-only";
import { redactWebhookUrl, withoutWebhookUrl } from "./webhook-url";

/**
 * Delivers one webhook's messages, one at a time, from a bounded queue: the notifier hands a
 * message over and returns at once, whatever the receiver does. A 5xx answer, a 429 or a
 * network error is tried again with exponential backoff (a 429's Retry-After is honoured, up
 * to maxDelayMs), at most maxAttempts times; another answer (4xx: a wrong URL or body) is not.
 * Each request is bounded by timeoutMs, so a receiver that never answers holds only its own
 * queue, and a full queue drops its oldest message. Every message ends as one outcome for the
 * metrics (delivered, failed, dropped); failures are logged with the URL's secret parts hidden.
 */
export type WebhookFormat = "slack" | "json";
export type DeliveryResult = "delivered" | "failed" | "dropped";

export interface WebhookTelemetry {
  webhookMessage(format: WebhookFormat, result: DeliveryResult): void;
}

export interface WebhookSenderOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  queueSize?: number;
  log?: (line: string) => void;
  telemetry?: WebhookTelemetry;
}

type Attempt = { kind: "ok" } | { kind: "retry"; reason: string; afterMs: number | null } | { kind: "give-up"; reason: string };

export class WebhookSender {
  private readonly queue: unknown[] = [];
  private readonly opts: Required<Omit<WebhookSenderOptions, "telemetry" | "log">>;
  private readonly log: (line: string) => void;
  private readonly telemetry: WebhookTelemetry | null;
  private readonly abort = new AbortController();
  private worker: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    readonly format: WebhookFormat,
    opts: WebhookSenderOptions = {},
  ) {
    this.opts = {
      maxAttempts: opts.maxAttempts ?? 5,
      baseDelayMs: opts.baseDelayMs ?? 1_000,
      maxDelayMs: opts.maxDelayMs ?? 60_000,
      timeoutMs: opts.timeoutMs ?? 10_000,
      queueSize: opts.queueSize ?? 20,
    };
    this.log = opts.log ?? (() => {});
    this.telemetry = opts.telemetry ?? null;
  }

  /** Where it sends, safe to show. */
  get target(): string {
    return redactWebhookUrl(this.url);
  }

  /** Messages waiting (the one in flight included). */
  get pending(): number {
    return this.queue.length + (this.worker ? 1 : 0);
  }

  /** Queues a message; never waits. */
  enqueue(body: unknown): void {
    if (this.stopped) return;
    if (this.queue.length >= this.opts.queueSize) {
      this.queue.shift();
      this.telemetry?.webhookMessage(this.format, "dropped");
      this.log(`[notify] webhook ${this.target}: queue full (${this.opts.queueSize}), the oldest message dropped`);
    }
    this.queue.push(body);
    this.worker ??= this.drain().finally(() => {
      this.worker = null;
    });
  }

  /** Resolves when the queue is empty (tests; a graceful stop). */
  async idle(): Promise<void> {
    while (this.worker) await this.worker;
  }

  /** Stops sending: the request in flight is aborted, queued messages are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    this.abort.abort();
    await this.worker;
  }

  private async drain(): Promise<void> {
    for (let body = this.queue.shift(); body !== undefined && !this.stopped; body = this.queue.shift()) await this.deliver(body);
  }

  private async deliver(body: unknown): Promise<void> {
    const text = JSON.stringify(body);
    let last = "";
    for (let attempt = 1; attempt <= this.opts.maxAttempts && !this.stopped; attempt++) {
      const r = await this.post(text);
      if (r.kind === "ok") {
        this.telemetry?.webhookMessage(this.format, "delivered");
        return;
      }
      last = r.reason;
      if (r.kind === "give-up" || attempt === this.opts.maxAttempts) break;
      const backoff = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1));
      // "Equal jitter" (half fixed, half random): receivers hit by many dashboards at once are not hit in step.
      const wait = r.afterMs !== null ? Math.min(this.opts.maxDelayMs, r.afterMs) : backoff / 2 + Math.random() * (backoff / 2);
      await this.sleep(wait);
    }
    if (this.stopped) return;
    this.telemetry?.webhookMessage(this.format, "failed");
    this.log(`[notify] webhook ${this.target}: message not delivered: ${last}`);
  }

  private async post(text: string): Promise<Attempt> {
    try {
      const res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "ack-lambda-fleet" },
        body: text,
        redirect: "error",
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]),
      });
      const answer = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
      if (res.ok) return { kind: "ok" };
      const reason = withoutWebhookUrl(`HTTP ${res.status}${answer ? `: ${answer}` : ""}`, this.url);
      if (res.status === 429) return { kind: "retry", reason, afterMs: retryAfterMs(res.headers.get("retry-after"), Date.now()) };
      if (res.status >= 500) return { kind: "retry", reason, afterMs: null };
      return { kind: "give-up", reason };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.name === "TimeoutError" ? `no answer within ${this.opts.timeoutMs} ms` : `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ""}`;
      return { kind: "retry", reason: withoutWebhookUrl(why, this.url), afterMs: null };
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.abort.signal.removeEventListener("abort", done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.abort.signal.addEventListener("abort", done, { once: true });
    });
  }
}

/** Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}
