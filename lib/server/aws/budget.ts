/**
 * A token bucket: at most `ratePerSec` requests per second on average, bursts up to `burst`.
 * The clock is injected so the budget is testable without waiting.
 * Lambda quotas (docs/ack-lambda-controller.md): GetFunction 100/s per account and region, and the ACK
 * controller spends some of it, so the dashboard keeps well inside its own budget.
 */
import "server-only";

export class TokenBucket {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    private ratePerSec: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    if (t < this.last) return; // paused: the refill starts when the pause ends
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSec);
    this.last = t;
  }

  /** Takes a token if one is available now. */
  tryTake(): boolean {
    if (this.now() < this.pausedUntil) return false;
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token will be available. */
  waitMs(): number {
    const t = this.now();
    if (t < this.pausedUntil) return this.pausedUntil - t;
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSec) * 1000);
  }

  /** After throttling by AWS: take nothing until then, and start again from an empty bucket. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
    this.last = this.pausedUntil;
  }
}
