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
