/**
 * Dark mode: the system's scheme by default, a light/dark/system switch in the header that is
 * remembered across reloads, and applied before the first paint (the root layout's inline
 * script, allowed by the CSP nonce: the fixtures fail the test on any CSP violation).
 * SCREENSHOTS=1 also writes docs/screenshots/overview-dark.png.
 */
import path from "node:path";
import { expect, test, type Page } from "./fixtures";

/** "dark" or "light": the page background's lightness, painted on a canvas to read it as RGB. */
const background = (page: Page) =>
  page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? "dark" : "light";
  });
const DARK_BG = "dark";
const LIGHT_BG = "light";

test.describe("follows the system", () => {
  test.use({ colorScheme: "dark" });
  test("dark system, no choice made: dark; Light overrides it and is remembered across a reload", async ({ page }) => {
    await page.goto("/");
    const theme = page.getByRole("combobox", { name: "Theme" });
    await expect(theme).toHaveValue("system");
    expect(await background(page)).toBe(DARK_BG);
    await theme.selectOption("light");
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    await page.reload({ waitUntil: "commit" });
    // Before React has run: the inline script already put the class on <html>.
    await page.waitForSelector("body", { state: "attached" });
    expect(await page.evaluate(() => document.documentElement.className)).toContain("light");
    await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("light");
    expect(await background(page)).toBe(LIGHT_BG);
  });
});

test.describe("a light system", () => {
  test.use({ colorScheme: "light" });
  test("Dark is remembered across a reload and in a new page; System goes back to the system's", async ({ page, context }) => {
    await page.goto("/");
    expect(await background(page)).toBe(LIGHT_BG);
    await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
    await expect.poll(() => background(page)).toBe(DARK_BG);
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");
    expect(await background(page)).toBe(DARK_BG);
    if (process.env.SCREENSHOTS === "1") {
      await expect(page.getByRole("table").getByRole("link").first()).toBeVisible();
      await page.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "overview-dark.png") });
    }
    const other = await context.newPage();
    await other.goto("/audit");
    expect(await background(other)).toBe(DARK_BG);
    await other.close();
    await page.getByRole("combobox", { name: "Theme" }).selectOption("system");
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    await page.reload();
    expect(await background(page)).toBe(LIGHT_BG);
  });
});
