// @vitest-environment jsdom
/**
 * The header's theme and time-zone switches are disabled in the server's HTML and enabled once
 * hydrated: a choice made before React runs would otherwise be lost without a word.
 */
import { act } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { hydrateRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { ThemeToggle } from "./theme-toggle";
import { TimeZoneToggle } from "./time-zone-toggle";

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = "";
  window.localStorage.clear();
});

function serverThenHydrate(element: React.ReactElement): HTMLElement {
  const container = document.createElement("div");
  container.innerHTML = renderToString(element);
  document.body.append(container);
  act(() => {
    root = hydrateRoot(container, element);
  });
  return container;
}

describe("header switches before and after hydration", () => {
  it("the theme select is disabled in the server's HTML and works once hydrated", () => {
    const container = serverThenHydrate(<ThemeToggle />);
    const html = renderToString(<ThemeToggle />);
    expect(html).toMatch(/<select[^>]*disabled/);
    const select = container.querySelector("select")!;
    expect(select.disabled).toBe(false);
    act(() => {
      select.value = "dark";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(document.documentElement.classList.contains("dark")).toBe(true);
    expect(window.localStorage.getItem("ack-fleet.theme")).toBe("dark");
    document.documentElement.classList.remove("dark");
  });

  it("the time-zone button is disabled in the server's HTML and works once hydrated", () => {
    const html = renderToString(<TimeZoneToggle />);
    expect(html).toMatch(/<button[^>]*disabled/);
    const container = serverThenHydrate(<TimeZoneToggle />);
    const button = container.querySelector("button")!;
    expect(button.disabled).toBe(false);
    act(() => button.click());
    expect(window.localStorage.getItem("ack-fleet.time-zone")).toBe("utc");
  });
});
