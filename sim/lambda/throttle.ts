/**
 * Token buckets per account, region and quota, mirroring the Lambda API request-rate quotas
 * (developer guide, "Lambda quotas"): GetFunction 100 requests/s, every other control plane
 * call together 15 requests/s, per account and Region. A bucket holds one second of requests,
 * so a burst of `rate` passes and then `rate` per second.
 */
import type { RateLimits } from "./types";

export type RateBucket = "getFunction" | "controlPlane";

export const DEFAULT_RATE_LIMITS: Required<RateLimits> = { getFunctionPerSec: 100, controlPlanePerSec: 15 };

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSec: number };

export class RateLimiter {
  private limits: Required<RateLimits>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    limits: RateLimits | undefined,
    private readonly now: () => number,
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...stripUndefined(limits ?? {}) };
  }

  setLimits(limits: RateLimits): void {
    this.limits = { ...this.limits, ...stripUndefined(limits) };
    this.buckets.clear();
  }

  current(): Required<RateLimits> {
    return { ...this.limits };
  }

  private rate(bucket: RateBucket): number {
    return bucket === "getFunction" ? this.limits.getFunctionPerSec : this.limits.controlPlanePerSec;
  }

  take(scopeKey: string, bucket: RateBucket): TakeResult {
    const rate = this.rate(bucket);
    if (!Number.isFinite(rate) || rate <= 0) return { ok: true }; // 0 / Infinity: limit off
    const key = `${scopeKey}/${bucket}`;
    const t = this.now();
    // At least one whole token fits, so that rates below 1/s still let requests through.
    const capacity = Math.max(1, rate);
    const b = this.buckets.get(key) ?? { tokens: capacity, refilledAt: t };
    b.tokens = Math.min(capacity, b.tokens + ((t - b.refilledAt) / 1000) * rate);
    b.refilledAt = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    // Seconds until one token is back, rounded up: Retry-After is whole seconds.
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - b.tokens) / rate)) };
  }
}

function stripUndefined(l: RateLimits): RateLimits {
  const out: RateLimits = {};
  if (l.getFunctionPerSec !== undefined) out.getFunctionPerSec = l.getFunctionPerSec;
  if (l.controlPlanePerSec !== undefined) out.controlPlanePerSec = l.controlPlanePerSec;
  return out;
}
