import "server-only";
import type { RateDecision, RateLimitStore } from "../store/rate-limit-store";

/**
 * Writes per user (remediation guard 7, docs/architecture.md): a token bucket of `perMinute`
 * tokens that refills continuously, kept in the store so the limit holds across replicas.
 * Dry runs count: each one makes the API server do the work of a write.
 */
export type { RateDecision };

export class WriteRateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    /** Keeps apart the buckets of different limits in one table. */
    private readonly scope: string,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(user: string): Promise<RateDecision> {
    return this.store.take(`${this.scope}:${user}`, this.perMinute, this.now());
  }
}
