/**
 * Prevention on the demo (production build on the simulated fleet): the controller page names
 * prod-us's 1.7.3 controller and its bug, the overview's export downloads the manifests as a
 * .tar.gz that GNU tar reads, and GET /metrics passes `promtool check metrics`.
 * SCREENSHOTS=1 also writes docs/screenshots/controllers.png and export.png.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

const SHOTS = process.env.SCREENSHOTS === "1";
const shot = (name: string) => path.join(__dirname, "..", "docs", "screenshots", name);
const PROMTOOL = process.env.PROMTOOL || "promtool";

test.describe("prevention", () => {
  test("the controller page names prod-us's 1.7.3 controller, its known bug and the upgrade", async ({ page }) => {
    await page.goto("/controllers");
    await expect(page).toHaveTitle(/^\(\d+\) Controllers · ACK Lambda Fleet$/);
    const us = page.getByRole("region", { name: "prod-us" });
    await expect(us.getByRole("cell", { name: /^1\.7\.3/ })).toBeVisible();
    await expect(us.getByText(/Functions stay Pending in Kubernetes forever/)).toBeVisible();
    await expect(us.getByText(/\d+ Functions? affected now/)).toBeVisible();
    await expect(us.getByText(/helm upgrade .* --version 1\.7\.4/)).toBeVisible();
    await expect(page.getByRole("region", { name: "prod-eu" }).getByText("no known bug")).toBeVisible();
    if (SHOTS) await page.screenshot({ path: shot("controllers.png"), fullPage: true });
  });

  test("the overview downloads the manifests of the selected cluster as a .tar.gz", async ({ page }) => {
    await page.goto("/?cluster=prod-us");
    const exportBar = page.getByRole("navigation", { name: "Export" });
    const link = exportBar.getByRole("link", { name: "Manifests of prod-us (.tar.gz)" });
    await expect(link).toBeVisible();
    if (SHOTS) await page.screenshot({ path: shot("export.png") });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^ack-lambda-manifests-\d{8}T\d{6}Z\.tar\.gz$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "e2e-export-")), "fleet.tar.gz");
    await download.saveAs(file);
    const listing = spawnSync("tar", ["-tzf", file], { encoding: "utf8" });
    expect(listing.status).toBe(0);
    const entries = listing.stdout.split("\n").filter(Boolean);
    expect(entries).toContain("prod-us/checkout/functions/order-events-processor.yaml");
    expect(entries).toContain("prod-us/checkout/_namespace.yaml");
    expect(entries.every((e) => e === "export.json" || e.startsWith("prod-us/"))).toBe(true);
  });

  test("GET /metrics of the demo passes promtool check metrics", async ({ request }) => {
    const res = await request.get("/metrics");
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain("ack_fleet_function_not_healthy_seconds{");
    const found = spawnSync(PROMTOOL, ["--version"], { encoding: "utf8" }).status === 0;
    test.skip(!found && !process.env.CI, `${PROMTOOL} not found (install Debian's prometheus)`);
    const check = spawnSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(`${check.stdout}${check.stderr}`).toBe("");
    expect(check.status).toBe(0);
  });
});
