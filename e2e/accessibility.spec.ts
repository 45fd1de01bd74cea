/**
 * Accessibility checked by a tool: axe-core (WCAG 2.1 A and AA rules) on every page, in light
 * and dark colour schemes, and on the dialogs (a single remediation's confirm dialog, the batch
 * dialog). No serious or critical violation is allowed; the failure message lists each one with
 * its rule and the elements it found.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";

const SEED = "/functions/prod-us/checkout/order-events-processor";

async function expectNoSeriousViolations(page: Page, what: string, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`axe, ${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test("every page", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("table").getByRole("link").first()).toBeVisible();
      await expectNoSeriousViolations(page, "the overview");

      await page.goto(SEED);
      await expect(page.getByRole("region", { name: "Remediation runbook" })).toBeVisible();
      await expectNoSeriousViolations(page, "a Function's page");

      await page.goto("/needs-action");
      await expect(page.getByRole("toolbar", { name: "Act on many Functions" })).toBeVisible();
      await expectNoSeriousViolations(page, "needs action");

      await page.goto("/audit");
      await expect(page.getByText(/entr(y|ies), newest first/)).toBeVisible();
      await expectNoSeriousViolations(page, "the audit log");

      await page.goto("/functions/prod-us/nowhere/no-such-function");
      await expect(page.getByRole("heading").first()).toBeVisible();
      await expectNoSeriousViolations(page, "a Function that does not exist");
    });
  });
}

test("axe on the dialogs: a remediation's confirm dialog, the batch dialog and the shortcuts", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("table").getByRole("link").first()).toBeVisible();
  // The rows are in the server's HTML: the shortcuts work once the page is hydrated (stream live).
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await expectNoSeriousViolations(page, "the shortcuts dialog", '[role="dialog"]');
  await page.keyboard.press("Escape");

  await page.goto(SEED);
  const panel = page.getByRole("region", { name: "Remediation runbook" });
  await panel.getByRole("button", { name: "Review: Remove the ACK finalizer" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, "the confirm dialog", '[role="dialog"]');
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.goto("/needs-action");
  const toolbar = page.getByRole("toolbar", { name: "Act on many Functions" });
  await toolbar.getByLabel("Action").selectOption({ label: "Remove the ACK finalizer" });
  await page.getByRole("checkbox", { name: /^Select prod-us\/checkout\/order-events-processor$/ }).check();
  await toolbar.getByRole("button", { name: /selected…$/ }).click();
  const batch = page.getByRole("dialog");
  // The preview is a dry run: nothing changes.
  await expect(batch.getByTestId("batch-counts")).toContainText("1 of 1", { timeout: 20_000 });
  await expectNoSeriousViolations(page, "the batch dialog", '[role="dialog"]');
  await batch.getByRole("button", { name: "Close" }).click();
});
