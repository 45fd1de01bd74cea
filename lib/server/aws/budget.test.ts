import { describe, expect, it } from "vitest";
import { maxInAnyWindow } from "@/test/sliding-window";
import { AccountBudget, type BudgetSlot } from "./budget";
import { prng } from "@/test/prng";

describe("AccountBudget", () => {
  it("never sends more than the cap in any one-second window, however often it is asked, and uses it", () => {
    let t = 0;
    const b = new AccountBudget(10, () => t);
    const sent: number[] = [];
    for (let step = 0; step < 10_000; step++) {
      t += 1 + (step % 7); // uneven ticks, 1-7 ms apart
      for (let i = 0; i < 5; i++) {
        const slot = b.tryTake();
        if (slot) {
          sent.push(t);
          b.answered(slot); // answered at once
        }
      }
    }
    expect(maxInAnyWindow(sent)).toBeLessThanOrEqual(10);
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor((t / 1000) * 10 * 0.95));
  });

  it("holds the cap where AWS counts (on arrival), whatever the network delays between sending and answer", () => {
    const rnd = prng(3);
    let t = 0;
    const b = new AccountBudget(10, () => t);
    const inflight: Array<{ slot: BudgetSlot; arrival: number; answer: number }> = [];
    const arrivals: number[] = [];
    for (let step = 0; step < 60_000; step++) {
      t += 1;
      for (const r of inflight.filter((x) => x.answer <= t)) b.answered(r.slot);
      inflight.splice(0, inflight.length, ...inflight.filter((x) => x.answer > t));
      const slot = b.tryTake();
      if (!slot) continue;
      // Up to 600 ms on the way and back; the request reaches AWS at any point in between.
      const latency = Math.floor(rnd() * 600);
      const arrival = t + Math.floor(rnd() * latency);
      arrivals.push(arrival);
      inflight.push({ slot, arrival, answer: t + latency });
    }
    expect(maxInAnyWindow(arrivals)).toBeLessThanOrEqual(10);
    // The price of that guarantee: about cap / (1 + latency) a second (latency ~0.3 s here).
    expect(arrivals.length).toBeGreaterThanOrEqual(60 * 10 * 0.6);
  });

  it("the window counts the edge: a place is free exactly a second after the answer", () => {
    let t = 0;
    const b = new AccountBudget(2, () => t);
    const first = b.tryTake()!;
    t = 500;
    const second = b.tryTake()!;
    expect(second.sentAt).toBe(500);
    b.answered(first);
    t = 700;
    b.answered(second);
    t = 1499;
    expect(b.tryTake()).toBeNull(); // both places held: answered at 500 and 700
    t = 1500;
    expect(b.tryTake()?.sentAt).toBe(1500);
  });

  it("never frees the place of a request still in flight", () => {
    let t = 0;
    const b = new AccountBudget(1, () => t);
    expect(b.tryTake()).not.toBeNull();
    t = 60_000;
    expect(b.tryTake()).toBeNull();
  });

  it("halves the rate once per round of throttled requests and grows it back on successes", () => {
    let t = 0;
    const b = new AccountBudget(10, () => t);
    b.throttled(0, null);
    expect(b.rate).toBe(5);
    b.throttled(0, null); // sent at the decrease, not after: the same round, no second halving
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
    expect(b.tryTake()?.sentAt).toBe(2200);
  });
});
