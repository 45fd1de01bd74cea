import "server-only";

/**
 * Writes per user (remediation guard 7, docs/architecture.md): a token bucket of `perMinute` tokens that refills
 * continuously. Dry runs count: each one makes the API server do the work of a write.
 * In memory, per process; the map is pruned so that many users cannot grow it without bound.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; firstRefusal: boolean };

interface Bucket {
  tokens: number;
  at: number;
  refusedSince: number | null;
}

const MAX_USERS = 10_000;

export class WriteRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(user: string): RateDecision {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    let b = this.buckets.get(user);
    if (!b) {
      if (this.buckets.size >= MAX_USERS) this.prune(now);
      b = { tokens: this.perMinute, at: now, refusedSince: null };
      this.buckets.set(user, b);
    }
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.refusedSince = null;
      return { ok: true };
    }
    const firstRefusal = b.refusedSince === null;
    b.refusedSince ??= now;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)), firstRefusal };
  }

  private prune(now: number): void {
    for (const [user, b] of this.buckets) {
      if (b.tokens + (now - b.at) * (this.perMinute / 60_000) >= this.perMinute) this.buckets.delete(user);
    }
  }
}
