/**
 * A batch started from the overview table, then the batched AWS clean-up of what it left: an
 * outage of the v1.7.3 Pending bug adds 3 deletion-blocked Functions (simulator control API);
 * the operator filters the overview to them, "select all 3 matching the filter", runs the
 * finalizer removal in the batch dialog; then on Needs action ticks the 3 residual AWS functions
 * and deletes them through the same dialog (preview, confirm, progress).
 * Its file name puts it in the "remediation" project (playwright.config.ts).
 */
import { controlUrl } from "../playwright.config";
import { expect, test, type Page } from "./fixtures";

const COUNT = 3;
const CLUSTER = "prod-us";
const PREFIX = `ob${Date.now().toString(36)}`;

async function confirmAndRun(page: Page, dialogName: string, reason: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: dialogName });
  const preview = dialog.getByRole("region", { name: "Preview (server-side dry run)" });
  await expect(preview.getByTestId("batch-counts")).toHaveText(`${COUNT} of ${COUNT}: ${COUNT} eligible`, { timeout: 30_000 });
  const run = dialog.getByRole("button", { name: `Run on ${COUNT} Functions` });
  await expect(run).toBeDisabled();
  await dialog.getByLabel(/Type the number of eligible Functions/).fill(String(COUNT));
  await dialog.getByLabel(/Type the cluster's name/).fill(CLUSTER);
  await dialog.getByLabel(/^Reason/).fill(reason);
  await expect(run).toBeEnabled();
  await run.click();
  const progress = dialog.getByRole("region", { name: "Run" });
  await expect(progress.getByTestId("batch-counts"))
    .toHaveText(`${COUNT} of ${COUNT}: ${COUNT} succeeded`, { timeout: 60_000 })
    .catch(async (err: unknown) => {
      // What the server says about each item, to tell a slow item from a stuck one.
      const list = (await (await page.request.get("/api/remediations/batches")).json()) as { items: Array<{ kind: string; items: Array<{ status: string; message: string | null }> }> };
      throw new Error(`${String(err)}\nitems: ${JSON.stringify(list.items.find((b) => b.kind === "run")?.items)}`);
    });
  await expect(dialog.getByRole("status")).toContainText("Finished.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
}

test("from the overview: select all matching the filter, remove the finalizers, then clean up the residuals as a batch", async ({ page }) => {
  test.setTimeout(150_000);
  const res = await fetch(`${controlUrl}/clusters/${CLUSTER}/outage`, { method: "POST", body: JSON.stringify({ namespace: "media", count: COUNT, prefix: PREFIX }) });
  expect(res.status).toBe(200);
  const { names } = (await res.json()) as { names: string[] };

  // Eligible once the dashboard has read each one's AWS side too (as Needs action lists it).
  await expect
    .poll(async () => {
      const list = (await (await page.request.get("/api/remediations/needs-action")).json()) as { items: Array<{ name: string; actions: Array<{ action: string }> }> };
      return list.items.filter((i) => names.includes(i.name) && i.actions.some((a) => a.action === "remove-finalizer")).length;
    }, { timeout: 30_000 })
    .toBe(COUNT);

  await page.goto(`/?q=${PREFIX}`);
  const table = page.getByRole("table");
  for (const n of names) await expect(table.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${n}` })).toBeVisible({ timeout: 30_000 });
  const toolbar = page.getByRole("toolbar", { name: "Act on many Functions" });
  await toolbar.getByLabel("Action").selectOption({ label: "Remove the ACK finalizer" });
  // One ticked by hand, then all of them.
  await table.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${names[0]}` }).check();
  await expect(toolbar.getByRole("button", { name: "Remove the ACK finalizer: 1 selected…" })).toBeEnabled();
  await toolbar.getByRole("button", { name: `Select all ${COUNT} matching the filter` }).click();
  for (const n of names) await expect(table.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${n}` })).toBeChecked();
  await toolbar.getByRole("button", { name: `Remove the ACK finalizer: ${COUNT} selected…` }).click();
  await confirmAndRun(page, `Remove the ACK finalizer: ${COUNT} Functions`, `outage from the overview (${PREFIX})`);
  await expect(table.getByRole("link", { name: names[0], exact: true })).toHaveCount(0, { timeout: 20_000 });

  // What the finalizer removals left in AWS, deleted as one batch.
  await page.goto("/needs-action");
  const section = page.getByRole("region", { name: "Left behind in AWS" });
  const boxes = section.getByRole("checkbox", { name: new RegExp(PREFIX) });
  await expect(boxes).toHaveCount(COUNT, { timeout: 30_000 });
  for (let i = 0; i < COUNT; i++) await boxes.nth(i).check();
  await section.getByRole("button", { name: `Delete the residual AWS function: ${COUNT} selected…` }).click();
  await confirmAndRun(page, `Delete the residual AWS function: ${COUNT} Functions`, `clean up after the outage (${PREFIX})`);
  await expect(boxes).toHaveCount(0, { timeout: 30_000 });
});
