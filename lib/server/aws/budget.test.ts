import { describe, expect, it } from "vitest";
import { maxInAnyWindow } from "@/test/sliding-window";
import { AccountBudget } from "./budget";

describe("AccountBudget", () => {
  it("never sends more than the cap in any one-second window, however often it is asked", () => {
    let t = 0;
    const b = new AccountBudget(10, () => t);
    const sent: number[] = [];
    for (let step = 0; step < 10_000; step++) {
      t += 1 + (step % 7); // uneven ticks, 1-7 ms apart
      for (let i = 0; i < 5; i++) if (b.tryTake() !== null) sent.push(t);
    }
    expect(maxInAnyWindow(sent)).toBeLessThanOrEqual(10);
    // ...and uses the budget: about 10 a second over the ~40 s simulated.
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor((t / 1000) * 10 * 0.95));
  });

  it("the window check counts the edge: a request exactly 1 s after another is in the next window", () => {
    let t = 0;
    const b = new AccountBudget(2, () => t);
    expect(b.tryTake()).toBe(0);
    t = 500;
    expect(b.tryTake()).toBe(500);
    t = 999;
    expect(b.tryTake()).toBeNull(); // two in (-1, 999]
    t = 1000;
    expect(b.tryTake()).toBe(1000); // the one at 0 left the window
  });

  it("halves the rate once per round of throttled requests and grows it back on successes", () => {
    let t = 0;
    const b = new AccountBudget(10, () => t);
    b.throttled(0, null);
    expect(b.rate).toBe(5);
    b.throttled(0, null); // sent before the decrease: the same round, no second halving
    expect(b.rate).toBe(5);
    t = 100;
    b.throttled(50, null); // sent after the decrease at 0: a new round
    expect(b.rate).toBe(2.5);
    for (let i = 0; i < 200; i++) b.succeeded();
    expect(b.rate).toBe(10); // never above the cap
    for (let i = 0; i < 20; i++) {
      t += 10;
      b.throttled(t, null);
    }
    expect(b.rate).toBe(0.2); // the floor: it keeps probing
  });

  it("after a Retry-After sends nothing until it has passed", () => {
    let t = 0;
    const b = new AccountBudget(10, () => t);
    b.throttled(0, 2000);
    expect(b.canTake()).toBe(false);
    t = 1999;
    expect(b.tryTake()).toBeNull();
    t = 2000 + 200; // rate 5/s after the halving: one token after 200 ms
    expect(b.tryTake()).toBe(2200);
  });
});
