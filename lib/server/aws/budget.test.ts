import { describe, expect, it } from "vitest";
import { TokenBucket } from "./budget";

describe("TokenBucket", () => {
  it("allows the burst, then the rate", () => {
    let t = 0;
    const b = new TokenBucket(10, 5, () => t);
    let taken = 0;
    for (let i = 0; i < 20; i++) if (b.tryTake()) taken++;
    expect(taken).toBe(5);
    t += 1000; // one second refills 10 tokens, capped at the burst
    taken = 0;
    for (let i = 0; i < 20; i++) if (b.tryTake()) taken++;
    expect(taken).toBe(5);
  });

  it("over 10 simulated seconds never exceeds rate × time + burst", () => {
    let t = 0;
    const b = new TokenBucket(10, 10, () => t);
    let taken = 0;
    for (let step = 0; step < 1000; step++) {
      t += 10;
      while (b.tryTake()) taken++;
    }
    expect(taken).toBeLessThanOrEqual(10 * 10 + 10);
    expect(taken).toBeGreaterThanOrEqual(10 * 10);
  });

  it("pause blocks until it expires and reports the wait", () => {
    let t = 0;
    const b = new TokenBucket(10, 10, () => t);
    b.pause(2000);
    expect(b.tryTake()).toBe(false);
    expect(b.waitMs()).toBe(2000);
    t += 2000;
    expect(b.waitMs()).toBe(100); // empty at the end of the pause: one token takes 1/10 s
    expect(b.tryTake()).toBe(false); // bucket restarts empty: no burst after throttling
    t += 100;
    expect(b.tryTake()).toBe(true);
  });
});
