/**
 * DueIds, the verdict sweep's schedule: what it hands out at each take is what a plain map of
 * ids to instants says is due (random schedules, reschedules, deletions and takes; deterministic
 * PRNG), earliest first, each id once, and its heap stays bounded by its compaction.
 */
import { describe, expect, it } from "vitest";
import { prng } from "@/test/prng";
import { DueIds } from "./due-ids";

describe("DueIds", () => {
  it("takes exactly the ids due, earliest first, each once, over random schedules", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const rand = prng(seed);
      const due = new DueIds();
      const model = new Map<string, number>(); // id -> instant; NaN once taken
      let now = 0;
      for (let step = 0; step < 3000; step++) {
        const id = `f${Math.floor(rand() * 300)}`;
        const r = rand();
        if (r < 0.55) {
          const at = rand() < 0.15 ? Infinity : now + Math.floor(rand() * 100) - 10;
          due.set(id, at);
          model.set(id, at);
        } else if (r < 0.65) {
          due.delete(id);
          model.delete(id);
        } else if (r < 0.75) {
          now += Math.floor(rand() * 50);
          const want = [...model].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]);
          const got = due.takeDue(now);
          expect(new Set(got).size).toBe(got.length);
          expect([...got].sort()).toEqual(want.map(([i]) => i).sort());
          const instants = got.map((i) => model.get(i)!);
          expect(instants).toEqual([...instants].sort((a, b) => a - b));
          for (const i of got) model.set(i, NaN);
        }
        expect(due.size).toBe(model.size);
        expect(due.heapSize).toBeLessThanOrEqual(2 * due.size + 1025);
      }
    }
  });

  it("drops stale entries: an id rescheduled later is not taken at its earlier instant", () => {
    const due = new DueIds();
    due.set("a", 10);
    due.set("a", 50);
    due.set("b", 20);
    expect(due.takeDue(30)).toEqual(["b"]);
    expect(due.takeDue(60)).toEqual(["a"]);
    // Taken, not scheduled again: known, never due.
    expect(due.has("a")).toBe(true);
    expect(due.takeDue(1e9)).toEqual([]);
    due.set("a", 70);
    expect(due.takeDue(70)).toEqual(["a"]);
  });
});
