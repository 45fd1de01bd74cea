/**
 * The overview on a fleet larger than one page (a second dashboard on a generated fleet of
 * 1,500 Functions): the first page's rows show while the rest load, with how many are in, and
 * then every row. The later page is held back until the first rows are checked, so the check
 * does not race the network.
 */
import { SERVER_RENDERED_ROWS } from "@/lib/domain/wire/fleet";
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
  // The first page is the server's, rendered with the HTML: a screen's rows (50), not 200.
  await expect(progress).toHaveText(`Loading the fleet: ${SERVER_RENDERED_ROWS} of ${FUNCTIONS.toLocaleString("en-US")} Functions`);
  await expect(page.getByRole("progressbar", { name: "Functions loaded" })).toHaveAttribute("value", String(SERVER_RENDERED_ROWS));
  // The table holds the first page (and the rows the stream changed meanwhile), not the fleet.
  const count = page.getByText(/^[\d,]+ of [\d,]+ Functions$/);
  const held = Number(/^([\d,]+) of/.exec((await count.textContent()) ?? "")![1].replace(/,/g, ""));
  expect(held).toBeGreaterThanOrEqual(SERVER_RENDERED_ROWS);
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

test("the server's HTML holds the first rows: they show with the browser's first-page request held back, and hydrate without a mismatch", async ({ page, context }) => {
  const first = (await (await fetch(`${BASE}/api/functions?limit=1`)).json()) as { items: Array<{ name: string }> };
  const html = await (await fetch(`${BASE}/`)).text();
  // The first row (worst health first, as the fleet store shows it) is in the HTML, as a table row.
  expect(html).toMatch(/<tr aria-rowindex="2"/);
  expect(html).toContain(first.items[0].name);

  let releaseFirst = () => {};
  const firstHeld = new Promise<void>((r) => (releaseFirst = r));
  let releaseLater = () => {};
  const laterHeld = new Promise<void>((r) => (releaseLater = r));
  const asked: string[] = [];
  await context.route(/\/api\/functions\?limit=\d+$/, async (route) => {
    asked.push(route.request().url());
    await firstHeld;
    await route.continue();
  });
  await context.route(/\/api\/functions\?limit=\d+&cursor=/, async (route) => {
    await laterHeld;
    await route.continue();
  });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  // Rows shown before the page's scripts could have asked for them: with JavaScript's first
  // request held back, the table still shows the first page and the count of the fleet.
  await page.goto(`${BASE}/`);
  await expect(page.getByRole("table").getByRole("link", { name: first.items[0].name, exact: true }).first()).toBeVisible();
  const progress = page.getByRole("status").filter({ hasText: "Loading the fleet" });
  await expect(progress).toHaveText(`Loading the fleet: ${SERVER_RENDERED_ROWS} of ${FUNCTIONS.toLocaleString("en-US")} Functions`);
  releaseLater();
  // The later pages come through the list worker, whose script loads after hydration (seconds on a busy machine).
  await expect(progress).toBeHidden({ timeout: 30_000 });
  await expect(page.getByText(`${FUNCTIONS.toLocaleString("en-US")} of ${FUNCTIONS.toLocaleString("en-US")} Functions`, { exact: true })).toBeVisible();
  // The store went on from the server's page: it never asked for a first page of its own.
  expect(asked.filter((u) => !u.endsWith("limit=1"))).toEqual([]);
  releaseFirst();
  // React reports a hydration mismatch as a recoverable error (console or page error, #418 in production).
  expect(problems.filter((p) => /hydrat|did not match|#41[89]|#42[0-5]/i.test(p))).toEqual([]);
});
