/**
 * A small work queue with the guarantees of client-go's workqueue that the model relies on:
 * a key is never processed twice at once, a key added while it is processed runs again after,
 * delayed adds keep the earliest time, and failures back off exponentially per key.
 */
export interface WorkQueueOptions {
  concurrency: number;
  /** First retry delay after a failure; doubles per consecutive failure. */
  errorBackoffMs: number;
  maxErrorBackoffMs: number;
}

/** What processing a key asks for next: a delay in ms, null (nothing), or "error" (back off). */
export type WorkOutcome = number | null | "error";

export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private paused = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly opts: WorkQueueOptions,
    private readonly work: (key: string) => Promise<WorkOutcome>,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.cancelTimer(key);
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (!this.queued.has(key)) {
      this.queued.add(key);
      this.ready.push(key);
    }
    this.pump();
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const at = Date.now() + ms;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    this.cancelTimer(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  /** Drops a key: its timers, retries and backoff (the object is gone). */
  forget(key: string): void {
    this.cancelTimer(key);
    this.failures.delete(key);
    this.dirty.delete(key);
    if (this.queued.delete(key)) this.ready.splice(this.ready.indexOf(key), 1);
  }

  /** Stops handing out work; timers keep filling the queue. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Cancels everything and waits for the keys being processed. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const key of [...this.timers.keys()]) this.cancelTimer(key);
    this.ready.length = 0;
    this.queued.clear();
    await this.whenIdle();
  }

  /** Resolves once nothing is ready or being processed (delayed keys do not count). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get size(): { ready: number; processing: number; delayed: number } {
    return { ready: this.ready.length, processing: this.processing.size, delayed: this.timers.size };
  }

  private isIdle(): boolean {
    return this.processing.size === 0 && (this.ready.length === 0 || this.paused || this.stopped);
  }

  private cancelTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t.timer);
      this.timers.delete(key);
    }
  }

  private pump(): void {
    while (!this.paused && !this.stopped && this.processing.size < this.opts.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      this.queued.delete(key);
      this.processing.add(key);
      void this.run(key);
    }
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async run(key: string): Promise<void> {
    let outcome: WorkOutcome;
    try {
      outcome = await this.work(key);
    } catch {
      outcome = "error";
    }
    this.processing.delete(key);
    if (!this.stopped) {
      if (outcome === "error") {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.addAfter(key, Math.min(this.opts.errorBackoffMs * 2 ** (n - 1), this.opts.maxErrorBackoffMs));
      } else {
        this.failures.delete(key);
        if (outcome !== null) this.addAfter(key, outcome);
      }
      if (this.dirty.delete(key)) this.add(key);
    }
    this.pump();
  }
}
