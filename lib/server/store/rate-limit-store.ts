import "server-only";

/**
 * Per-key token buckets in the store (remediation guard 7: writes per user), so that a limit
 * holds across replicas: a user cannot get N times the rate by being spread over N replicas.
 * `take` is one atomic read-modify-write in the database. The bucket arithmetic is the pure
 * `takeToken` below, shared by every store.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; firstRefusal: boolean };

export interface RateLimitStore {
  take(key: string, perMinute: number, now: number): Promise<RateDecision>;
}

export interface TokenBucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
  /** Since when requests are refused (the first refusal of a burst is audited), or null. */
  refusedSince: number | null;
}

/**
 * A bucket of `perMinute` tokens refilled continuously: takes one token if there is one.
 * A missing bucket is a full one.
 */
export function takeToken(bucket: TokenBucket | null, perMinute: number, now: number): { bucket: TokenBucket; decision: RateDecision } {
  const ratePerMs = perMinute / 60_000;
  const b = bucket ?? { tokens: perMinute, at: now, refusedSince: null };
  const tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) * ratePerMs);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now, refusedSince: null }, decision: { ok: true } };
  return {
    bucket: { tokens, at: now, refusedSince: b.refusedSince ?? now },
    decision: { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)), firstRefusal: b.refusedSince === null },
  };
}

/** Buckets untouched this long are full again whatever the rate (at least 1/min): safe to drop. */
export const IDLE_BUCKET_MS = 60 * 60_000;
