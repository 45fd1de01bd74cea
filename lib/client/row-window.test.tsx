// @vitest-environment jsdom
import { Profiler, useRef } from "react";
import { act, cleanup, fireEvent, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { rowWindowAt, scrollTopToReveal, useRowWindow } from "./row-window";

afterEach(cleanup);

describe("rowWindowAt", () => {
  it("takes the rows in view and the overscan on both sides, within the rows there are", () => {
    expect(rowWindowAt(0, 440, 1000, 44, 8)).toEqual({ start: 0, end: 18 });
    expect(rowWindowAt(4400, 440, 1000, 44, 8)).toEqual({ start: 92, end: 118 });
    expect(rowWindowAt(4410, 440, 1000, 44, 8)).toEqual({ start: 92, end: 119 });
    expect(rowWindowAt(0, 440, 5, 44, 8)).toEqual({ start: 0, end: 5 });
    expect(rowWindowAt(0, 440, 0, 44, 8)).toEqual({ start: 0, end: 0 });
  });

  it("reads a scroll position past the last row (the rows just got fewer) as the end of the list", () => {
    // Scrolled to row 40,000, then a search leaves 30 rows: the last rows, not an empty stretch.
    expect(rowWindowAt(40_000 * 44, 440, 30, 44, 8)).toEqual({ start: 12, end: 30 });
  });
});

describe("scrollTopToReveal", () => {
  it("scrolls a row below the viewport to its bottom, one above to its top, none in view", () => {
    expect(scrollTopToReveal(20, 0, 440, 1000, 44)).toBe(21 * 44 - 440);
    expect(scrollTopToReveal(3, 440, 440, 1000, 44)).toBe(3 * 44);
    expect(scrollTopToReveal(12, 440, 440, 1000, 44)).toBeNull();
    expect(scrollTopToReveal(999, 0, 440, 1000, 44)).toBe(1000 * 44 - 440);
  });
});

function Rows({ count, onCommit }: { count: number; onCommit: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const { start, end } = useRowWindow(ref, count, 44, 8, 440);
  return (
    <div ref={ref} data-testid="scroller">
      <Profiler id="rows" onRender={onCommit}>
        <p>
          rows {start}-{end} of {count}
        </p>
      </Profiler>
    </div>
  );
}

describe("useRowWindow", () => {
  it("renders on a scroll only when the rows to show change", () => {
    let commits = 0;
    const { getByTestId, getByText } = render(<Rows count={50_000} onCommit={() => commits++} />);
    const el = getByTestId("scroller");
    Object.defineProperty(el, "clientHeight", { configurable: true, get: () => 440 });
    expect(getByText("rows 0-18 of 50000")).toBeTruthy();
    const scrollTo = (top: number) =>
      act(() => {
        el.scrollTop = top;
        fireEvent.scroll(el);
      });
    let before = commits;
    scrollTo(4410);
    expect(commits).toBe(before + 1);
    expect(getByText("rows 92-119 of 50000")).toBeTruthy();
    before = commits;
    // 10 px on: the same rows are in view; the table must not render again (it did on every scroll event).
    scrollTo(4420);
    expect(commits).toBe(before);
    scrollTo(4400);
    expect(commits).toBe(before + 1);
    expect(getByText("rows 92-118 of 50000")).toBeTruthy();
  });
});
