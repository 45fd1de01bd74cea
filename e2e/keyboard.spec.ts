/**
 * The keyboard shortcuts on the demo fleet (nothing is changed): `?` lists them in a dialog that
 * keeps the focus and gives it back, `/` focuses the search, letters typed in a field are not
 * shortcuts, `j`/`k` and the arrows move through the table, Enter opens a Function and Esc goes
 * back; the Needs-action list moves the same way. SCREENSHOTS=1 also writes docs/screenshots/shortcuts.png.
 */
import path from "node:path";
import { expect, test, type Page } from "./fixtures";

/**
 * Opens the overview and waits until it is hydrated: the rows are in the server's HTML before
 * the page's scripts run, and the shortcuts work once they do (the live stream is connected
 * from then on). Returns the table and its rows' links.
 */
async function openOverview(page: Page) {
  await page.goto("/");
  const table = page.getByRole("table");
  const links = table.locator("a[data-nav-target]");
  await expect(links.first()).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
  return { table, links };
}

test("? lists the shortcuts in a dialog that traps the focus, Esc closes it and gives the focus back", async ({ page }) => {
  await openOverview(page);
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  // All of it on screen, not clipped by the header it is opened from.
  await expect(dialog.getByText("Show these shortcuts")).toBeInViewport();
  for (const key of ["/", "j", "k", "Enter", "Esc", "?"]) await expect(dialog.locator("kbd", { hasText: new RegExp(`^\\${key}$`) }).first()).toBeVisible();
  const close = dialog.getByRole("button", { name: "Close" });
  await expect(close).toBeFocused();
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "shortcuts.png") });
  // One focusable control: Tab and Shift+Tab stay on it.
  await page.keyboard.press("Tab");
  await expect(close).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(close).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Still on the overview: Esc closed the dialog, it did not also go back.
  await expect(page).toHaveURL(/\/$/);

  // Opened from its button, the focus returns to the button.
  const button = page.getByRole("button", { name: "Keyboard shortcuts" });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(button).toBeFocused();
});

test("/ focuses the search, typed letters stay in it, j/k and arrows move, Enter opens, Esc goes back", async ({ page }) => {
  const { table, links } = await openOverview(page);
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox");
  await expect(search).toBeFocused();
  await page.keyboard.type("?jk");
  await expect(search).toHaveValue("?jk");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await search.fill("");
  // "?jk" matched nothing: the rows come back before one moves to them.
  await expect(links.first()).toBeVisible();

  // ArrowDown from the search box goes to the first row.
  await page.keyboard.press("ArrowDown");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(links.nth(2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(links.nth(0)).toBeFocused();
  // Far down the virtualised table: the row is rendered, then focused.
  for (let i = 0; i < 40; i++) await page.keyboard.press("j");
  await expect(table.locator('tr[data-nav-index="40"] a[data-nav-target]')).toBeFocused();

  const href = await table.locator('tr[data-nav-index="40"] a[data-nav-target]').getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/$/);
});

test("a row opened right after typing in the search opens, even when the search text reaches the URL while it loads", async ({ page }) => {
  const { links } = await openOverview(page);
  const name = (await links.first().textContent())!.trim();
  const href = (await links.first().getAttribute("href"))!;
  // The Function's page loads slowly (every request for its React payload, prefetches included,
  // is held 1.5 s), so its navigation is still pending when the search box's text, written to the
  // URL once typing rests, would reach the address bar.
  await page.route(
    (url) => url.pathname.startsWith("/functions/"),
    async (route) => {
      if (route.request().headers()["rsc"]) await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    },
  );
  await page.keyboard.press("/");
  await page.keyboard.type(name);
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`), { timeout: 10_000 });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The search text was written before the navigation: back returns to it.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/\\?q=${encodeURIComponent(name)}$`));
});

test("the Needs-action list moves with j/k too", async ({ page }) => {
  await page.goto("/needs-action");
  const section = page.getByRole("region", { name: /Functions with an eligible action/ });
  const links = section.locator("a[data-nav-target]");
  await expect(links.first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  if ((await links.count()) > 1) {
    await page.keyboard.press("j");
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(links.nth(0)).toBeFocused();
  }
});
