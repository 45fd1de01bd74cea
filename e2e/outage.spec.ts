/**
 * Faults while the overview is open: a cluster stops (its rows stay, marked stale, within
 * 10 s; the others are untouched), then comes back, without a page reload; then AWS throttles
 * and recovers. The simulator's control API (scripts/sim-control.ts) causes the faults.
 */
import { expect, test, type Page } from "./fixtures";
import { controlUrl } from "../playwright.config";

async function control(path: string, body: unknown = {}): Promise<void> {
  const res = await fetch(`${controlUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, `${path} → ${res.status}`).toBe(200);
}

/** A value set in the page: if the page reloads, it is gone. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}
async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

const connections = (page: Page) => page.getByRole("navigation", { name: "Cluster connections" });

test.describe("faults on the overview", () => {
  test.afterEach(async () => {
    // Leave the fleet as it was for the other specs, whatever happened.
    await fetch(`${controlUrl}/clusters/staging/start`, { method: "POST" }).catch(() => {});
    await fetch(`${controlUrl}/aws/throttle`, { method: "POST", body: JSON.stringify({ getFunctionPerSec: 100 }) }).catch(() => {});
  });

  test("a stopped cluster is marked stale within 10 s, the others are not, and it recovers without reload", async ({ page }) => {
    await page.goto("/?cluster=staging");
    const table = page.getByRole("table");
    await expect(table.getByRole("link").first()).toBeVisible();
    await expect(connections(page).getByText("staging: disconnected")).toHaveCount(0);
    await markPage(page);

    const stoppedAt = Date.now();
    await control("/clusters/staging/stop");
    await expect(connections(page).getByText("staging: disconnected")).toBeVisible({ timeout: 10_000 });
    // Its rows stay visible, marked stale with their age.
    await expect(table.getByText(/^stale/).first()).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const rowsWhileDown = await table.getByRole("link").count();
    expect(rowsWhileDown).toBeGreaterThan(0);
    // The other clusters stay connected.
    for (const other of ["prod-eu", "prod-us"]) await expect(connections(page).getByText(`${other}: disconnected`)).toHaveCount(0);

    await control("/clusters/staging/start");
    await expect(connections(page).getByText("staging: disconnected")).toHaveCount(0, { timeout: 20_000 });
    await expect(table.getByText(/^stale/)).toHaveCount(0, { timeout: 10_000 });
    await expectNoReload(page);
  });

  test("AWS throttling shows on the account and clears when it stops, without reload", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("table").getByRole("link").first()).toBeVisible();
    await markPage(page);
    const accounts = page.getByRole("list", { name: "AWS accounts that cannot be read" });

    await control("/aws/throttle", { getFunctionPerSec: 0.1 });
    await expect(accounts.getByText(/throttled/i).first()).toBeVisible({ timeout: 30_000 });
    // Rows stay on screen with their last known AWS state.
    await expect(page.getByRole("table").getByRole("link").first()).toBeVisible();

    await control("/aws/throttle", { getFunctionPerSec: 100 });
    await expect(accounts.getByText(/throttled/i)).toHaveCount(0, { timeout: 45_000 });
    await expectNoReload(page);
  });
});
