/**
 * Fleet-wide remediation in the browser: an outage of the v1.7.3 Pending bug leaves 20
 * Functions of prod-us deletion-blocked (the simulator's control API adds them); the operator
 * selects the 20 in Needs action, previews them (every one eligible, checked and dry-run on the
 * server), types the count, the cluster's name and a reason, runs the batch, watches the
 * progress, and finds 20 item outcomes plus 1 for the batch in the Audit log.
 * Its file name puts it in the "remediation" project (playwright.config.ts): it runs after the
 * specs that count the demo fleet's Functions. SCREENSHOTS=1 also writes docs/screenshots/batch-dialog.png.
 */
import path from "node:path";
import { controlUrl } from "../playwright.config";
import { expect, test } from "./fixtures";

const COUNT = 20;
const CLUSTER = "prod-us";
/** The demo keeps its audit log in .sim/e2e across runs: names carry this run's mark. */
const PREFIX = `be${Date.now().toString(36)}`;

test.describe("Batch remediation", () => {
  test("selects 20 deletion-blocked Functions of a cluster, resolves them, and the audit shows 20 + 1", async ({ page }) => {
    test.setTimeout(120_000);
    const res = await fetch(`${controlUrl}/clusters/${CLUSTER}/outage`, { method: "POST", body: JSON.stringify({ namespace: "media", count: COUNT, prefix: PREFIX }) });
    expect(res.status).toBe(200);
    const { names } = (await res.json()) as { names: string[] };
    expect(names).toHaveLength(COUNT);

    await page.goto("/needs-action");
    const section = page.getByRole("region", { name: /Functions with an eligible action/ });
    const toolbar = page.getByRole("toolbar", { name: "Act on many Functions" });
    await toolbar.getByLabel("Action").selectOption({ label: "Remove the ACK finalizer" });
    await toolbar.getByLabel("Cluster").selectOption(CLUSTER);
    // Each appears once the dashboard read it and its AWS state: eligible for the finalizer removal.
    for (const n of names) await expect(section.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${n}` })).toBeEnabled({ timeout: 30_000 });
    for (const n of names) await section.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${n}` }).check();
    await toolbar.getByRole("button", { name: `Remove the ACK finalizer: ${COUNT} selected…` }).click();

    const dialog = page.getByRole("dialog", { name: `Remove the ACK finalizer: ${COUNT} Functions` });
    const preview = dialog.getByRole("region", { name: "Preview (server-side dry run)" });
    await expect(preview.getByTestId("batch-counts")).toHaveText(`${COUNT} of ${COUNT}: ${COUNT} eligible`, { timeout: 30_000 });
    const run = dialog.getByRole("button", { name: `Run on ${COUNT} Functions` });
    await expect(run).toBeDisabled();
    await dialog.getByLabel(/Type the number of eligible Functions/).fill("19");
    await dialog.getByLabel(/Type the cluster's name/).fill(CLUSTER);
    await dialog.getByLabel(/^Reason/).fill(`controller 1.7.3 outage (${PREFIX})`);
    await expect(dialog).toContainText("type the number of Functions, 20 (you typed 19)");
    await expect(run).toBeDisabled();
    await dialog.getByLabel(/Type the number of eligible Functions/).fill(String(COUNT));
    await expect(run).toBeEnabled();
    await run.click();

    const progress = dialog.getByRole("region", { name: "Run" });
    await expect(progress.getByRole("progressbar")).toBeVisible();
    await expect(progress.getByTestId("batch-counts")).toHaveText(`${COUNT} of ${COUNT}: ${COUNT} succeeded`, { timeout: 60_000 });
    await expect(dialog.getByRole("status")).toContainText("Finished.");
    if (process.env.SCREENSHOTS === "1") await dialog.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "batch-dialog.png") });
    await dialog.getByRole("button", { name: "Close" }).click();
    for (const n of names) await expect(section.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${n}` })).toHaveCount(0, { timeout: 20_000 });

    await page.goto(`/audit?cluster=${CLUSTER}&action=remove-finalizer&outcome=succeeded`);
    const table = page.getByRole("table");
    const rows = table.locator('tbody tr[data-phase="outcome"]');
    await expect(rows.filter({ hasText: `media/${PREFIX}-` })).toHaveCount(COUNT);
    await expect(rows.filter({ hasText: `batch of ${COUNT}` }).filter({ hasText: PREFIX })).toHaveCount(1);
  });
});
