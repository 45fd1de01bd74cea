import { describe, expect, it } from "vitest";
import { BatchPacer } from "./pacer";

/** A clock that only moves when the pacer sleeps: the pace is measured, not waited for. */
function fakeTime() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), at: () => t };
}

describe("BatchPacer", () => {
  it("starts at most itemsPerSecond items a second per key, without a burst", async () => {
    const clock = fakeTime();
    const pacer = new BatchPacer(2, clock.now, clock.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await pacer.take("prod-us");
      starts.push(clock.at());
    }
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(gaps.every((g) => g >= 500)).toBe(true);
    // 7 items at 2 a second: the 7th starts 3 s after the first.
    expect(starts[6] - starts[0]).toBeGreaterThanOrEqual(3_000);
    expect(starts[6] - starts[0]).toBeLessThan(3_300);
  });

  it("paces each key on its own", async () => {
    const clock = fakeTime();
    const pacer = new BatchPacer(1, clock.now, clock.sleep);
    await pacer.take("prod-us");
    const before = clock.at();
    await pacer.take("prod-eu");
    expect(clock.at()).toBe(before);
    await pacer.take("prod-us");
    expect(clock.at() - before).toBeGreaterThanOrEqual(1_000);
  });

  it("gives up when cancelled while waiting", async () => {
    const clock = fakeTime();
    const pacer = new BatchPacer(0.1, clock.now, clock.sleep);
    await pacer.take("k");
    let checks = 0;
    expect(await pacer.take("k", () => ++checks > 3)).toBe(false);
  });
});
