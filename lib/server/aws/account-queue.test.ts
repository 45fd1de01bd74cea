import { describe, expect, it } from "vitest";
import { AccountQueue, type QueuedTarget } from "./account-queue";

/** A target that counts how often the queue looks at it (its due time, whether it is in flight). */
class CountingTarget implements QueuedTarget {
  static looks = 0;
  urgent: boolean;
  changed = false;
  prompted = false;
  known = false;
  private dueAt: number;
  removed = false;
  gen = 0;
  private inflightNow = false;
  constructor(
    readonly name: string,
    urgent: boolean,
    due: number,
  ) {
    this.urgent = urgent;
    this.dueAt = due;
  }
  get nextDueAt(): number {
    CountingTarget.looks++;
    return this.dueAt;
  }
  set nextDueAt(v: number) {
    this.dueAt = v;
  }
  get inflight(): boolean {
    CountingTarget.looks++;
    return this.inflightNow;
  }
  set inflight(v: boolean) {
    this.inflightNow = v;
  }
}

/** Targets looked at per pick with `size` targets queued (a fifth needing attention, half of all read once already). */
function looksPerPick(size: number): number {
  let t = 0;
  const q = new AccountQueue<CountingTarget>(1_000_000, () => t, 1_000_000);
  for (let i = 0; i < size; i++) {
    const target = new CountingTarget(`f${i}`, i % 5 === 0, i % 1000);
    target.known = i % 2 === 0;
    q.schedule(target);
  }
  t = 10_000;
  CountingTarget.looks = 0;
  let picks = 0;
  for (let i = 0; i < 200; i++) {
    t += 1;
    const next = q.take(t);
    if (!next) break;
    picks++;
    next.target.known = true;
    next.target.nextDueAt = t + 60_000;
    q.schedule(next.target);
  }
  expect(picks).toBe(200);
  return CountingTarget.looks / picks;
}

describe("AccountQueue", () => {
  it("costs the same per pick at 500 and at 50,000 targets (heaps, not a scan of the fleet)", () => {
    const small = looksPerPick(500);
    const large = looksPerPick(50_000);
    expect(large).toBeLessThanOrEqual(small * 2 + 4);
    expect(large).toBeLessThan(50);
  });
});
