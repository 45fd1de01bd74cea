/**
 * One remediation walked with the keyboard alone (no click, no mouse: page.keyboard only), as an
 * operator who lives in k9s would: from the overview `/` and the Function's name, Esc to leave the
 * search box, `j` to the row, Enter to open it, Tab to the runbook's action, Enter to open the
 * confirm dialog, type the name and a reason, Tab to the dry run and to the final button, Enter,
 * and the finalizer is gone with its audit entries.
 * The Function is a deletion-blocked one of the v1.7.3 Pending bug, the seed case's shape, added
 * through the simulator's control API under this run's name (the seed itself belongs to
 * remediation.spec.ts). Its file name puts it in the "remediation" project (playwright.config.ts).
 */
import { controlUrl } from "../playwright.config";
import { expect, test, type Page } from "./fixtures";

const CLUSTER = "prod-us";
const NAMESPACE = "media";
const PREFIX = `kb${Date.now().toString(36)}`;

/** Presses Tab until the focused element matches, at most `max` times. */
async function tabTo(page: Page, matches: (el: { label: string; text: string }) => boolean, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { label: a?.getAttribute("aria-label") ?? "", text: (a?.textContent ?? "").trim() };
    });
    if (matches(el)) return;
  }
  throw new Error(`Tab never reached the control after ${max} presses`);
}

test("the keyboard alone: find a deletion-blocked Function, open it, remove its finalizer, see it audited", async ({ page }) => {
  test.setTimeout(120_000);
  const res = await fetch(`${controlUrl}/clusters/${CLUSTER}/outage`, { method: "POST", body: JSON.stringify({ namespace: NAMESPACE, count: 1, prefix: PREFIX }) });
  expect(res.status).toBe(200);
  const [name] = ((await res.json()) as { names: string[] }).names;
  const reason = `stuck Pending on 1.7.3, by keyboard (${PREFIX})`;

  await page.goto("/");
  const table = page.getByRole("table");
  await expect(table.getByRole("link").first()).toBeVisible();
  // The rows are in the server's HTML: the shortcuts work once the page is hydrated (stream live).
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();

  await page.keyboard.press("/");
  const search = page.getByRole("searchbox");
  await expect(search).toBeFocused();
  await page.keyboard.type(name);
  const link = table.getByRole("link", { name, exact: true });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole("link")).toHaveCount(1);
  // While typing, `j` is a letter of the search, not a shortcut.
  await expect(search).toHaveValue(name);

  await page.keyboard.press("Escape");
  await expect(search).not.toBeFocused();
  await expect(search).toHaveValue(name);
  await page.keyboard.press("j");
  await expect(link).toBeFocused();
  // The focus is visible: an outline on the link, its row highlighted.
  expect(await link.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/functions/${CLUSTER}/${NAMESPACE}/${name}$`));
  const review = page.getByRole("button", { name: "Review: Remove the ACK finalizer" });
  // The runbook offers the action once the dashboard has read the AWS side.
  await expect(review).toBeEnabled({ timeout: 30_000 });
  await tabTo(page, (el) => el.label === "Review: Remove the ACK finalizer");
  await expect(review).toBeFocused();
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "Remove the ACK finalizer" });
  await expect(dialog).toBeVisible();
  const nameField = dialog.getByLabel(/to confirm$/);
  await expect(nameField).toBeFocused();
  await page.keyboard.type((await dialog.locator("label code").first().textContent()) ?? "");
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel(/^Reason/)).toBeFocused();
  await page.keyboard.type(reason);
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: /^Preview/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("region", { name: "Dry run result" })).toContainText("Dry run: nothing was changed");

  // The focus stays in the dialog while tabbing to the final button.
  await tabTo(page, (el) => el.text === "Remove the finalizer", 20);
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("status")).toContainText("Done.");
  const close = dialog.getByRole("button", { name: "Close" }).last();
  await expect(close).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();

  // The finalizer is gone, so is the object; the audit log has the attempt and the outcome.
  await expect(page.getByRole("heading", { level: 1, name: "Function not found" })).toBeVisible({ timeout: 20_000 });
  const api = await page.request.get(`/api/functions/${CLUSTER}/${NAMESPACE}/${name}`);
  expect(api.status()).toBe(404);
  await page.goto(`/audit?name=${name}`);
  const rows = page.getByRole("table").getByRole("row").filter({ hasText: PREFIX });
  await expect(rows.filter({ hasText: "Remove the ACK finalizer" }).filter({ hasText: "outcome" })).toContainText("succeeded");
  await expect(rows.filter({ hasText: "Remove the ACK finalizer" }).filter({ hasText: "attempt" })).toContainText("operator@example.com");
});
