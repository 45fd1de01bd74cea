/**
 * The timeline's range, zoom and view live in the URL: set a range and zoom in, and the link
 * opened in a new page (or the page reloaded) shows the same window; the List view too.
 */
import { expect, test, type Page } from "./fixtures";

const SEED = "/functions/prod-us/checkout/order-events-processor";
const timelineOf = (page: Page) => page.getByRole("region", { name: "Timeline" });
/** The chart's window; the URL keeps whole milliseconds, the page may hold a fraction more. */
const windowOf = async (page: Page) => {
  const w = await timelineOf(page).locator("[data-window]").getAttribute("data-window");
  return w ? w.split("/").map((t) => Date.parse(t)) : null;
};
const sameWindow = (a: number[] | null, b: number[] | null) => Boolean(a && b && Math.abs(a[0] - b[0]) <= 1 && Math.abs(a[1] - b[1]) <= 1);

test("range and zoom in the URL: a reload and a new page show the same window", async ({ page, context }) => {
  await page.goto(SEED);
  const timeline = timelineOf(page);
  await expect(timeline.getByRole("list", { name: "Swimlanes" })).toBeVisible();
  await timeline.getByRole("group", { name: "Time range" }).getByRole("button", { name: "7 d" }).click();
  await expect(page).toHaveURL(/[?&]range=7d/);
  await timeline.getByRole("button", { name: "Zoom in" }).click();
  await timeline.getByRole("button", { name: "Zoom in" }).click();
  await timeline.getByRole("button", { name: "Earlier" }).click();
  await expect(page).toHaveURL(/[?&]from=[^&]+&to=/);
  const shown = await windowOf(page);
  const url = page.url();
  const from = new URL(url).searchParams.get("from");
  expect(Math.abs(shown![0] - Date.parse(from!))).toBeLessThanOrEqual(1);

  const other = await context.newPage();
  await other.goto(url);
  const otherTimeline = timelineOf(other);
  await expect(otherTimeline.getByRole("group", { name: "Time range" }).getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");
  await expect(otherTimeline.getByRole("button", { name: "Whole range" })).toBeEnabled();
  await expect.poll(async () => sameWindow(await windowOf(other), shown)).toBe(true);
  await other.close();

  await page.reload();
  await expect.poll(async () => sameWindow(await windowOf(page), shown)).toBe(true);

  // Back to the whole range: the window leaves the URL; the List view enters it.
  await timeline.getByRole("button", { name: "Whole range" }).click();
  await expect(page).not.toHaveURL(/[?&]from=/);
  await timeline.getByRole("button", { name: "List" }).click();
  await expect(page).toHaveURL(/[?&]view=list/);
  await page.reload();
  await expect(timeline.getByRole("button", { name: "List" })).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/[?&]range=7d/);
});
