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
    expect(shown()[0]).toBe("fn-00092");
    const before = commits;
    // Ten pixels on, the same rows are in view: the table stays as it is.
    scrollTo(100 * ROW_HEIGHT + 20);
    expect(commits).toBe(before);
    scrollTo(200 * ROW_HEIGHT);
    expect(commits).toBe(before + 1);
    expect(shown()[0]).toBe("fn-00192");
    expect(screen.getByRole("table").getAttribute("aria-rowcount")).toBe("5001");
  });

  it("places each row at its own offset in a body as tall as every row, with no padding rows, and keeps the table's roles", () => {
    render(
      <FixedNowProvider value={FIXED_NOW}>
        <FunctionTable rows={rows} totalCount={rows.length} filters={filters} onSort={() => {}} />
      </FixedNowProvider>,
    );
    const scroller = screen.getByRole("region", { name: "Functions table, scrollable" });
    act(() => {
      scroller.scrollTop = 300 * ROW_HEIGHT;
      fireEvent.scroll(scroller);
    });
    const table = screen.getByRole("table");
    const [body] = within(table).getAllByRole("rowgroup").filter((g) => g.tagName === "TBODY");
    expect(body.style.height).toBe(`${rows.length * ROW_HEIGHT}px`);
    const bodyRows = within(body).getAllByRole("row");
    // Only rows with data: nothing stands in for the rows above and below.
    expect([...body.children].every((r) => r.hasAttribute("aria-rowindex"))).toBe(true);
    expect(body.children.length).toBe(bodyRows.length);
    for (const r of bodyRows) {
      const index = Number(r.getAttribute("aria-rowindex")) - 2;
      expect(r.style.top).toBe(`${index * ROW_HEIGHT}px`);
      expect(within(r).getByRole("link").textContent).toBe(rows[index].name);
    }
    expect(within(bodyRows[0]).getAllByRole("cell").length).toBe(9);
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent?.replace(/\s*\(.*\)|[▲▼↕]/g, ""))).toContain("Name");
  });
});
