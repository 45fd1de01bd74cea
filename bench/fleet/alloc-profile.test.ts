import { describe, expect, it } from "vitest";
import { allocSummary } from "./alloc-profile";

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, columnNumber: 4, scriptId: "1" });

describe("allocSummary", () => {
  it("sums the sampled bytes per function and per script, largest first, and per second", () => {
    const head = {
      callFrame: frame("(root)", "", -1),
      selfSize: 0,
      children: [
        { callFrame: frame("answer", "/srv/.next/server/chunks/a.js", 0), selfSize: 3e6, children: [{ callFrame: frame("", "/srv/.next/server/chunks/a.js", 9), selfSize: 1e6, children: [] }] },
        { callFrame: frame("answer", "/srv/.next/server/chunks/a.js", 0), selfSize: 2e6, children: [] },
        { callFrame: frame("sort", "", -1), selfSize: 4e6, children: [] },
      ],
    };
    const s = allocSummary(head, 5)!;
    expect(s.totalMb).toBe(10);
    expect(s.mbPerSec).toBe(2);
    expect(s.byFunction.map((r) => [r.mb, r.at])).toEqual([
      [5, "answer .next/server/chunks/a.js:1:5"],
      [4, "sort (native):0:5"],
      [1, "(anonymous) .next/server/chunks/a.js:10:5"],
    ]);
    expect(s.byScript.map((r) => [r.mb, r.pct, r.at])).toEqual([
      [6, 60, ".next/server/chunks/a.js"],
      [4, 40, "(native)"],
    ]);
    expect(allocSummary(null, 5)).toBeNull();
  });
});
