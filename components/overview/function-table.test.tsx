// @vitest-environment jsdom
import { Profiler } from "react";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeRow } from "@/test/make-row";
import { FixedNowProvider } from "@/lib/client/use-now";
import { FIXED_NOW } from "@/test/make-row";
import { ROW_HEIGHT } from "./columns";
import { FunctionTable } from "./function-table";

// jsdom does no layout: the table's scroll container gets a height.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 10 * ROW_HEIGHT });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const rows = Array.from({ length: 5_000 }, (_, i) => makeRow({ name: `fn-${String(i).padStart(5, "0")}` }));
const filters = { sort: "health" as const, order: "asc" as const, q: "" };

describe("FunctionTable", () => {
  it("renders again on a scroll only when other rows come into view", () => {
    // No clock ticks (the rows' ages) while the commits are counted.
    vi.useFakeTimers();
    let commits = 0;
    render(
      <FixedNowProvider value={FIXED_NOW}>
        <Profiler id="table" onRender={() => commits++}>
          <FunctionTable rows={rows} totalCount={rows.length} filters={filters} onSort={() => {}} />
        </Profiler>
      </FixedNowProvider>,
    );
    const scroller = screen.getByRole("region", { name: "Functions table, scrollable" });
    const scrollTo = (top: number) =>
      act(() => {
        scroller.scrollTop = top;
        fireEvent.scroll(scroller);
      });
    const shown = () => within(screen.getByRole("table")).getAllByRole("link").map((a) => a.textContent);
    scrollTo(100 * ROW_HEIGHT + 10);
    expect(shown()[0]).toBe("fn-00096");
    const before = commits;
    // Ten pixels on, the same rows are in view: the table stays as it is.
    scrollTo(100 * ROW_HEIGHT + 20);
    expect(commits).toBe(before);
    scrollTo(200 * ROW_HEIGHT);
    expect(commits).toBe(before + 1);
    expect(shown()[0]).toBe("fn-00196");
    expect(screen.getByRole("table").getAttribute("aria-rowcount")).toBe("5001");
  });

  it("keeps in the DOM the rows in view and at most 4 more on each side", () => {
    render(
      <FixedNowProvider value={FIXED_NOW}>
        <FunctionTable rows={rows} totalCount={rows.length} filters={filters} onSort={() => {}} />
      </FixedNowProvider>,
    );
    const scroller = screen.getByRole("region", { name: "Functions table, scrollable" });
    const shown = () => within(screen.getByRole("table")).getAllByRole("link").map((a) => a.textContent);
    // At the top: 10 rows in view (the container's height) and 4 below.
    expect(shown()).toHaveLength(14);
    // Every row in the DOM is laid out and painted again on each scroll frame that swaps rows.
    act(() => {
      scroller.scrollTop = 2_000 * ROW_HEIGHT + 10;
      fireEvent.scroll(scroller);
    });
    // Rows 2,000 to 2,010 are in view (the 11th partly): 1,996 to 2,014 are rendered.
    expect(shown()).toEqual(Array.from({ length: 19 }, (_, i) => `fn-${String(1_996 + i).padStart(5, "0")}`));
  });
});
