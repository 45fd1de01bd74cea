import { describe, expect, it } from "vitest";
import { WriteRateLimiter } from "./rate-limit";

describe("WriteRateLimiter", () => {
  it("allows perMinute writes, then refuses with a Retry-After, and refills with time", () => {
    let now = 0;
    const l = new WriteRateLimiter(3, () => now);
    expect([l.take("a"), l.take("a"), l.take("a")].every((d) => d.ok)).toBe(true);
    expect(l.take("a")).toEqual({ ok: false, retryAfterSeconds: 20, firstRefusal: true });
    expect(l.take("a")).toMatchObject({ ok: false, firstRefusal: false });
    expect(l.take("b").ok).toBe(true);
    now += 20_000;
    expect(l.take("a").ok).toBe(true);
    expect(l.take("a")).toMatchObject({ ok: false, firstRefusal: true });
  });
});
