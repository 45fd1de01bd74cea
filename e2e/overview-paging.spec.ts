/**
 * The overview on a fleet larger than one page (a second dashboard on a generated fleet of
 * 1,500 Functions): the first page's rows show while the rest load, with how many are in, and
 * then every row. The later page is held back until the first rows are checked, so the check
 * does not race the network.
 */
import { expect, test } from "./fixtures";
import { startSecondDashboard, type SecondDashboard } from "./second-dashboard";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 6;
const BASE = `http://127.0.0.1:${PORT}`;
const FUNCTIONS = 1_500;

let demo: SecondDashboard | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = await startSecondDashboard({
    port: PORT,
    dir: ".sim/e2e-paging",
    env: {},
    args: ["--large", String(FUNCTIONS)],
    ready: async () => {
      const r = await fetch(`${BASE}/api/functions?limit=1`);
      return r.ok && ((await r.json()) as { total: number }).total === FUNCTIONS;
    },
  });
});

test.afterAll(async () => {
  await demo?.stop();
});

test("shows the first page's rows and 'n of N' while the other pages load, then every row", async ({ page, context }) => {
  let release = () => {};
  const heldBack = new Promise<void>((r) => (release = r));
  const later: string[] = [];
  // Routed on the context: the list worker's requests come from a dedicated worker, not the page.
  await context.route(/\/api\/functions\?limit=\d+&cursor=/, async (route) => {
    later.push(route.request().url());
    await heldBack;
    await route.continue();
  });
  await page.goto(`${BASE}/`);
  const table = page.getByRole("table");
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  const progress = page.getByRole("status").filter({ hasText: "Loading the fleet" });
  await expect(progress).toHaveText(`Loading the fleet: 200 of ${FUNCTIONS.toLocaleString("en-US")} Functions`);
  await expect(page.getByRole("progressbar", { name: "Functions loaded" })).toHaveAttribute("value", "200");
  // The table holds the first page (and the rows the stream changed meanwhile), not the fleet.
  const count = page.getByText(/^[\d,]+ of [\d,]+ Functions$/);
  const held = Number(/^([\d,]+) of/.exec((await count.textContent()) ?? "")![1].replace(/,/g, ""));
  expect(held).toBeGreaterThanOrEqual(200);
  expect(held).toBeLessThan(FUNCTIONS);
  await expect.poll(() => later.length).toBe(1);

  release();
  await expect(progress).toBeHidden();
  await expect(page.getByText(`${FUNCTIONS.toLocaleString("en-US")} of ${FUNCTIONS.toLocaleString("en-US")} Functions`)).toBeVisible();
});

test("counts each health and lists the namespaces of every loaded row, as the rows change", async ({ page }) => {
  await page.goto(`${BASE}/`);
  const all = `${FUNCTIONS.toLocaleString("en-US")} of ${FUNCTIONS.toLocaleString("en-US")} Functions`;
  await expect(page.getByText(all, { exact: true })).toBeVisible({ timeout: 60_000 });
  // The namespaces offered are those of the fleet's rows (the store keeps them as rows change).
  const body = (await (await fetch(`${BASE}/api/functions?limit=${FUNCTIONS}`)).json()) as { items: Array<{ namespace: string }> };
  const namespaces = [...new Set(body.items.map((r) => r.namespace))].sort();
  await expect(page.getByLabel("Namespace", { exact: true }).locator("option")).toHaveText(["All namespaces", ...namespaces]);
  // A health chip's count is what the table shows when it is pressed (both read in one frame;
  // polled, as the stream may change a row between two frames).
  const chip = page.getByRole("button", { name: /^Healthy [\d,]+$/ });
  await chip.click();
  await expect(chip).toHaveAttribute("aria-pressed", "true");
  const chipAndTable = () =>
    page.evaluate(() => {
      const pressed = [...document.querySelectorAll("button[aria-pressed=true]")].map((b) => b.textContent ?? "").find((t) => t.includes("Healthy"));
      const shown = [...document.querySelectorAll("span[aria-live=polite]")].map((s) => s.textContent ?? "").find((t) => / of [\d,]+ Functions$/.test(t));
      const chipCount = /([\d,]+)$/.exec(pressed ?? "")?.[1];
      return chipCount !== undefined && chipCount !== "0" && chipCount === /^([\d,]+) of/.exec(shown ?? "")?.[1];
    });
  await expect.poll(chipAndTable).toBe(true);
});
