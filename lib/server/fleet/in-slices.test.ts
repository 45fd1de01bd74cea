import { describe, expect, it } from "vitest";
import { inSlices } from "./in-slices";

describe("inSlices", () => {
  it("goes over every item in order, one slice per turn of the event loop, then says done", async () => {
    const seen: number[] = [];
    const turns: number[] = [];
    await new Promise<void>((resolve) => {
      inSlices(Array.from({ length: 10 }, (_, i) => i), 4, (i) => seen.push(i), resolve);
      turns.push(seen.length); // the first slice runs at once, the rest later
    });
    expect(turns).toEqual([4]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("lets other work run between slices, and stops what is left when told", async () => {
    const seen: number[] = [];
    const stop = inSlices([1, 2, 3, 4, 5, 6], 2, (i) => seen.push(i));
    await new Promise((r) => setImmediate(r)); // one more slice ran meanwhile
    stop();
    const after = seen.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(after).toBeGreaterThanOrEqual(2);
    expect(after).toBeLessThan(6);
    expect(seen.length).toBe(after);
  });
});

describe("inSlices sized by time", () => {
  it("ends a slice once it has run sliceMs, however few items it took, and still goes over every item", async () => {
    let clock = 0;
    const perTurn: number[] = [];
    let inTurn = 0;
    await new Promise<void>((resolve) => {
      // Each item costs 1 ms of the fake clock: slices of 5 ms hold at most 8 items (the clock is read every 8).
      inSlices(
        Array.from({ length: 100 }, (_, i) => i),
        { size: 250, sliceMs: 5, now: () => clock },
        () => {
          clock += 1;
          inTurn++;
        },
        resolve,
      );
      const count = () => {
        perTurn.push(inTurn);
        inTurn = 0;
      };
      count();
      const loop = () => setImmediate(() => (perTurn.length < 40 ? (count(), loop()) : undefined));
      loop();
    });
    const total = perTurn.reduce((a, b) => a + b, 0) + inTurn;
    expect(total).toBe(100);
    expect(Math.max(...perTurn, inTurn)).toBeLessThanOrEqual(8);
  });

  it("keeps the item limit when items are cheap", async () => {
    const seen: number[] = [];
    let first = 0;
    await new Promise<void>((resolve) => {
      inSlices(Array.from({ length: 30 }, (_, i) => i), { size: 10, sliceMs: 1_000, now: () => 0 }, (i) => seen.push(i), resolve);
      first = seen.length;
    });
    expect(first).toBe(10);
    expect(seen).toHaveLength(30);
  });
});
