/**
 * The Function detail page against the simulated demo fleet: the seed Function's two states side
 * by side, and the XSS probe's condition message rendered as text.
 */
import { expect, test } from "./fixtures";

const SEED = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" };
const XSS = { cluster: "staging", namespace: "qa", name: "html-in-error-probe" };
const PROBE = "<img src=x onerror=alert(1)>";

const href = (f: { cluster: string; namespace: string; name: string }) => `/functions/${f.cluster}/${f.namespace}/${f.name}`;

test.describe("Function detail", () => {
  test("the seed Function shows Kubernetes Pending next to AWS Active, the controller and the deletion", async ({ page }) => {
    await page.goto(href(SEED));
    await expect(page).toHaveTitle(new RegExp(`^(\\(\\d+\\) )?${SEED.name} \\(${SEED.cluster}/${SEED.namespace}\\) · ACK Lambda Fleet$`));
    await expect(page.getByRole("heading", { level: 1, name: SEED.name })).toBeVisible();

    const sideBySide = page.getByRole("region", { name: "Kubernetes and AWS side by side" });
    const stateRow = sideBySide.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^State( differs)?$/ }) });
    await expect(stateRow.getByRole("cell").nth(0)).toHaveText("Pending");
    await expect(stateRow.getByRole("cell").nth(1)).toHaveText("Active");
    await expect(stateRow.getByRole("rowheader")).toContainText("differs");

    const controller = page.getByRole("region", { name: "Cluster and controller" });
    await expect(controller).toContainText("1.7.3");
    await expect(controller.getByText(/has the Pending bug/)).toBeVisible();

    const deletion = page.getByRole("region", { name: "Deletion, finalizers and annotations" });
    await expect(deletion.getByText(/^yes, .+ ago$/)).toBeVisible();
    await expect(deletion.getByText("finalizers.lambda.services.k8s.aws/Function")).toBeVisible();

    const conditions = page.getByRole("region", { name: /^Conditions/ });
    await expect(conditions.getByText("function in 'Pending' state, cannot be modified or deleted").first()).toBeVisible();

    const yaml = page.getByRole("region", { name: "Object (YAML)" });
    await expect(yaml.getByLabel("The Function object as YAML")).toContainText("kind: Function");
    const download = page.waitForEvent("download");
    await yaml.getByRole("button", { name: /^Download / }).click();
    expect((await download).suggestedFilename()).toBe(`${SEED.cluster}_${SEED.namespace}_${SEED.name}.yaml`);
  });

  test("a condition message holding HTML renders as text and runs nothing", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(href(XSS));
    await expect(page.getByRole("heading", { level: 1, name: XSS.name })).toBeVisible();
    const conditions = page.getByRole("region", { name: /^Conditions/ });
    await expect(conditions.getByText(PROBE, { exact: false }).first()).toBeVisible();
    await expect(page.locator("main img")).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test("an unknown Function says so", async ({ page }) => {
    await page.goto(href({ cluster: "prod-eu", namespace: "payments", name: "does-not-exist" }));
    await expect(page.getByRole("heading", { level: 1, name: "Function not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the fleet overview" })).toBeVisible();
  });
});
