/**
 * The operator resolves the seed case through the UI, as a person would: opens the Function,
 * reads the runbook's checklist and warnings, types the name and a reason, previews the
 * server-side dry run, removes the finalizer, then deletes what is left in AWS, and finds every
 * step in the Audit log. The demo runs in local auth mode with the operator's kubeconfig.
 *
 * It resolves the seed case itself (prod-us/checkout/order-events-processor): playwright.config.ts
 * runs this file in a project of its own after every other spec, which need the seed alive.
 * SCREENSHOTS=1 also writes docs/screenshots/remediation.png, remediation-dialog.png, audit.png.
 */
import path from "node:path";
import type { Locator } from "@playwright/test";
import { expect, test, type Page } from "./fixtures";

type Ref = { cluster: string; namespace: string; name: string };
const SEED: Ref = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" };
const href = (f: Ref) => `/functions/${f.cluster}/${f.namespace}/${f.name}`;

const SHOTS = process.env.SCREENSHOTS === "1";
/** The demo keeps its audit log in .sim/e2e across runs: this run's entries carry this mark. */
const RUN = `run ${Date.now().toString(36)}`;
const shot = (name: string) => path.join(__dirname, "..", "docs", "screenshots", name);

async function confirmAndRun(page: Page, dialogName: string, reason: string, expectWarnings: RegExp[], finalButton: string): Promise<Locator> {
  const dialog = page.getByRole("dialog", { name: dialogName });
  await expect(dialog).toBeVisible();
  const warnings = dialog.getByRole("region", { name: "Warnings" });
  for (const w of expectWarnings) await expect(warnings).toContainText(w);
  const final = dialog.getByRole("button", { name: finalButton, exact: true });
  await expect(final).toBeDisabled();
  const typed = (await dialog.locator("label code").first().textContent()) ?? "";
  // A wrong name keeps everything disabled.
  await dialog.getByLabel(/to confirm$/).fill(`${typed}-typo`);
  await dialog.getByLabel(/^Reason/).fill(reason);
  await expect(dialog.getByRole("button", { name: /^Preview/ })).toBeDisabled();
  await dialog.getByLabel(/to confirm$/).fill(typed);
  await dialog.getByRole("button", { name: /^Preview/ }).click();
  const dry = dialog.getByRole("region", { name: "Dry run result" });
  await expect(dry).toContainText("Dry run: nothing was changed");
  await expect(dry.getByRole("list", { name: "Checks the server ran" })).toContainText("Kubernetes allows");
  await expect(final).toBeEnabled();
  return dialog;
}

/** The element in a full-page capture taken from the top, so the sticky header does not cover it. */
async function screenshotBelowHeader(page: Page, element: Locator, file: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await element.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
  });
  await page.screenshot({ path: file, fullPage: true, clip: { x: Math.max(0, box.x - 8), y: Math.max(0, box.y - 8), width: box.width + 16, height: box.height + 16 } });
}

test.describe("Remediation", () => {
  test("the seed case's runbook: checks, warnings, typed name, reason and dry run before the final click", async ({ page }) => {
    await page.goto(href(SEED));
    const panel = page.getByRole("region", { name: "Remediation runbook" });
    await expect(panel).toContainText("Signed in as operator@example.com (local mode)");

    // Step 1, inspect: the verdict and the facts behind it.
    const inspect = panel.getByRole("listitem", { name: "Step 1: Inspect" });
    await expect(inspect.getByRole("list", { name: "Inspect: checks" })).toContainText("deletion-blocked");
    await expect(inspect).toContainText("1.7.3");

    // Step 2: the action that fits the verdict with its checklist; retain is blocked by the Pending bug.
    const act = panel.getByRole("listitem", { name: "Step 2: Act on the verdict" });
    const removal = act.locator('[data-action="remove-finalizer"]');
    await expect(removal.getByRole("list", { name: /checks$/ })).toContainText("will be orphaned");
    await expect(removal.getByRole("list", { name: /checks$/ })).toContainText("Kubernetes allows patch");
    const retain = act.locator('[data-action="retain-and-delete"]');
    await expect(retain.getByRole("button")).toBeDisabled();
    await expect(retain).toContainText("Not available: Controller 1.7.3 has the Pending bug");
    await act.getByText(/^Other actions/).click();
    await expect(act.locator('[data-action="request-deletion"]').getByRole("button")).toBeDisabled();
    if (SHOTS) await screenshotBelowHeader(page, panel, shot("remediation.png"));

    await removal.getByRole("button", { name: "Review: Remove the ACK finalizer" }).click();
    const dialog = await confirmAndRun(page, "Remove the ACK finalizer", "Seed case: stuck Pending on 1.7.3 (community#2433), deletion blocked", [/still exists and will be orphaned/, /Pending bug/], "Remove the finalizer");
    await expect(dialog.getByRole("region", { name: "Dry run result" })).toContainText("would be removed by the API server");
    if (SHOTS) await page.screenshot({ path: shot("remediation-dialog.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    // Nothing changed: still blocked, the finalizer still there.
    await expect(inspect.getByRole("list", { name: "Inspect: checks" })).toContainText("finalizers.lambda.services.k8s.aws/Function is set");
  });

  test("the operator resolves the seed case: finalizer removed, residual AWS function deleted, all audited", async ({ page }) => {
    test.setTimeout(120_000);
    const target = SEED;
    await page.goto(href(target));
    const panel = page.getByRole("region", { name: "Remediation runbook" });
    const act = panel.getByRole("listitem", { name: "Step 2: Act on the verdict" });
    const removal = act.locator('[data-action="remove-finalizer"]');
    await removal.getByRole("button", { name: "Review: Remove the ACK finalizer" }).click();
    const dialog = await confirmAndRun(page, "Remove the ACK finalizer", `Stuck Pending on 1.7.3 (community#2433), deletion blocked; ${RUN}`, [/still exists and will be orphaned/, /Pending bug/], "Remove the finalizer");
    await dialog.getByRole("button", { name: "Remove the finalizer", exact: true }).click();
    await expect(dialog.getByRole("status")).toContainText("Done.");
    await expect(dialog.getByRole("status")).toContainText("Left in AWS:");
    await dialog.getByRole("button", { name: "Close" }).last().click();

    // The object is gone; the runbook's last step offers the clean-up.
    await expect(page.getByRole("heading", { level: 1, name: "Function not found" })).toBeVisible({ timeout: 20_000 });
    const cleanUp = panel.getByRole("listitem", { name: "Step 3: Clean up what is left in AWS" });
    const residual = cleanUp.locator('[data-action="delete-aws-function"]');
    await expect(residual.getByRole("button")).toBeEnabled({ timeout: 30_000 });
    await expect(residual.getByRole("list", { name: /checks$/ })).toContainText("permanently deletes");
    await residual.getByRole("button").click();
    const awsDialog = await confirmAndRun(page, "Delete the residual AWS function", `Clean up what the finalizer removal left behind; ${RUN}`, [/permanently deletes the function/], "Delete the AWS function");
    await expect(awsDialog.getByRole("region", { name: "Dry run result" })).toContainText("no dry run for DeleteFunction");
    await awsDialog.getByRole("button", { name: "Delete the AWS function", exact: true }).click();
    await expect(awsDialog.getByRole("status")).toContainText("Done.");
    await awsDialog.getByRole("button", { name: "Close" }).last().click();
    await expect(cleanUp).toContainText("Nothing is left behind in AWS", { timeout: 30_000 });

    // Every step is in the audit log, newest first.
    await page.goto(`/audit?name=${target.name}`);
    const table = page.getByRole("table", { name: /audit log/i });
    const rows = table.getByRole("row").filter({ hasText: RUN });
    await expect(rows.filter({ hasText: "Delete the residual AWS function" }).filter({ hasText: "outcome" })).toContainText("succeeded");
    await expect(rows.filter({ hasText: "Remove the ACK finalizer" }).filter({ hasText: "attempt" })).toContainText("operator@example.com");
    await expect(rows.filter({ hasText: "Remove the ACK finalizer" }).filter({ hasText: "outcome" })).toContainText("succeeded");
    await expect(rows.filter({ hasText: "dry-run" })).toHaveCount(2);
    await expect(rows).toHaveCount(6);
    if (SHOTS) await page.screenshot({ path: shot("audit.png"), fullPage: true });

    // Filters live in the URL.
    await page.getByLabel("Action").selectOption("delete-aws-function");
    await expect(page).toHaveURL(/action=delete-aws-function/);
    await expect(rows.filter({ hasText: "Remove the ACK finalizer" })).toHaveCount(0);
  });
});
