/**
 * Field-by-field drift in the browser, on the demo fleet: a Function whose memory was raised
 * and an environment variable added in the console (sim/scenarios/demo.ts) has a drift verdict
 * naming both fields in the overview, and its detail page's "Kubernetes vs AWS" panel marks
 * them with an icon and words. No environment value appears anywhere on the page.
 * SCREENSHOTS=1 also writes docs/screenshots/config-comparison.png.
 */
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";

interface Item {
  cluster: string;
  namespace: string;
  name: string;
  verdict: { health: string; summary: string; driftedFields?: string[] };
}

test("a Function changed in the console: the overview names the fields, the detail panel marks them", async ({ page, request }) => {
  let drifted: Item | undefined;
  await expect(async () => {
    const list = (await (await request.get("/api/functions?health=drift&limit=100")).json()) as { items: Item[] };
    drifted = list.items.find((i) => i.verdict.driftedFields?.includes("memorySize"));
    expect(drifted, "a Function whose memory was changed in AWS").toBeTruthy();
  }).toPass({ timeout: 30_000 });
  const fn = drifted!;
  expect(fn.verdict.driftedFields).toEqual(["memorySize", "environment"]);

  await page.goto(`/?cluster=${fn.cluster}&health=drift`);
  const row = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link", { name: fn.name, exact: true }) });
  await expect(row).toContainText("AWS differs in memory size, environment variables");

  await row.getByRole("link", { name: fn.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: fn.name })).toBeVisible();
  const panel = page.getByRole("region", { name: "Kubernetes vs AWS" });
  await expect(panel.getByText("2 fields differ")).toBeVisible();
  const fieldRow = (label: string) => panel.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
  await expect(fieldRow("Memory (MB)").getByRole("cell").nth(1)).toHaveText("3008");
  await expect(fieldRow("Memory (MB)").getByRole("cell").nth(2)).toHaveText("≠ differs");
  await expect(fieldRow("Environment variable names").getByRole("cell").nth(2)).toContainText("+ only in AWS");
  await expect(fieldRow("Environment variable names").getByRole("cell").nth(2)).toContainText("DEBUG_SQL");
  await expect(fieldRow("Runtime").getByRole("cell").nth(2)).toHaveText("✓ same");
  // The drifted rows (highlighted, with warning badges) pass axe in both colour schemes.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
    expect(bad, `axe on a drifted Function's page, ${scheme} scheme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (process.env.SCREENSHOTS === "1") await panel.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "config-comparison.png") });

  // Values stay on the server: the demo's secret value appears nowhere, the YAML view included.
  await expect(page.getByRole("region", { name: "Object (YAML)" }).getByLabel("The Function object as YAML")).toContainText("PAYMENT_API_KEY");
  expect(await page.content()).not.toContain("sim-env-value-never-shown");
});
