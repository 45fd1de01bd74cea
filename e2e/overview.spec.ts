/**
 * The fleet overview against the simulated demo fleet (sim/scenarios/demo.ts): 3 clusters,
 * the seed Function prod-us/checkout/order-events-processor (Pending in Kubernetes while Active
 * in AWS, controller 1.7.3, deletion requested), found by role, label and text only.
 */
import { controlUrl } from "../playwright.config";
import { expect, test, type Page } from "./fixtures";

/** Sets (or, with status null, removes) a status condition of a simulated Function. */
async function setCondition(fn: { cluster: string; namespace: string; name: string }, condition: { type: string; status: string | null; message?: string }): Promise<void> {
  const res = await fetch(`${controlUrl}/functions/${fn.cluster}/${fn.namespace}/${fn.name}/condition`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(condition) });
  expect(res.status).toBe(200);
}

const SEED = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" };

/**
 * With the overview filtered to one cluster and one health: the summary's count of that
 * health, the pressed chip's count, the "shown" count and the table's rows.
 */
async function counts(page: Page, cluster: string, label: string) {
  const summary = page.getByRole("button", { name: new RegExp(`^${label}: \\d+ in ${cluster}$`) });
  const chip = page.getByRole("group", { name: "Health" }).getByRole("button", { name: new RegExp(`^(✓ )?${label} \\d+$`) });
  const number = async (l: ReturnType<Page["getByRole"]>) => ((await l.count()) ? Number(/(\d+)/.exec((await l.textContent()) ?? "")![1]) : 0);
  const shown = Number(/^(\d+) of/.exec((await page.getByText(/^\d+ of \d+ Functions$/).textContent()) ?? "")![1]);
  const table = await page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link") }).count();
  return { summary: await number(summary), chip: await number(chip), shown, table };
}

test.describe("fleet overview", () => {
  test("shows every cluster, health counts and the table, worst first", async ({ page }) => {
    await page.goto("/");
    // The tab counts the Functions that need action in front of the title (components/title-count.tsx).
    await expect(page).toHaveTitle(/^\(\d+\) Fleet overview · ACK Lambda Fleet$/);
    const clusters = page.getByRole("navigation", { name: "Cluster connections" });
    for (const name of ["prod-eu", "prod-us", "staging"]) await expect(clusters.getByText(name)).toBeVisible();

    const table = page.getByRole("table");
    await expect(table.getByRole("row").nth(1)).toBeVisible();
    // The default sort is worst health first: the first row is not healthy.
    await expect(table.getByRole("row").nth(1)).not.toContainText("Healthy");
    await expect(page.getByRole("button", { name: /^Healthy: \d+ in prod-eu$/ })).toBeVisible();
  });

  test("filters to stuck, keeps the filter in the URL, and opens the seed Function", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /^Stuck \d+$/ }).click();
    await expect(page).toHaveURL(/[?&]health=stuck(&|$)/);

    const table = page.getByRole("table");
    const rows = table.getByRole("row").filter({ has: page.getByRole("link") });
    // The table renders the rows in view and a few more, so their number changes when the page's
    // layout settles: ask for "no row that is not stuck", not for rows counted a moment before.
    await expect(rows.first()).toContainText("Stuck");
    await expect(rows.filter({ hasNotText: "Stuck" })).toHaveCount(0);

    // The URL carries the view: a reload shows the same filter.
    await page.reload();
    await expect(page.getByRole("button", { name: /^Stuck \d+$/ })).toHaveAttribute("aria-pressed", "true");

    // The seed is stuck on a stale Pending and, with its deletion blocked for 40 min, its verdict
    // is the worse "deletion-blocked": add that health and search for it by name.
    await page.getByRole("button", { name: /^Deletion blocked \d+$/ }).click();
    await page.getByLabel("Search", { exact: true }).fill(SEED.name);
    await expect(page).toHaveURL(new RegExp(`q=${SEED.name}`));
    const seedLink = table.getByRole("link", { name: SEED.name });
    await expect(seedLink).toBeVisible();
    await expect(table.getByRole("row").filter({ has: page.getByRole("link", { name: SEED.name }) })).toContainText(SEED.cluster);
    await seedLink.click();

    await expect(page).toHaveURL(new RegExp(`/functions/${SEED.cluster}/${SEED.namespace}/${SEED.name}$`));
    await expect(page.getByRole("heading", { level: 1, name: SEED.name })).toBeVisible();
  });

  test("sorts by a column header and says so", async ({ page }) => {
    await page.goto("/");
    const header = page.getByRole("columnheader", { name: "Name", exact: true });
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect(page).toHaveURL(/sort=name/);
    const names = await page.getByRole("table").getByRole("row").getByRole("link").allTextContents();
    expect(names.length).toBeGreaterThan(3);
    expect([...names].sort()).toEqual(names);
  });

  test("a health count filters to its cluster in one click", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /^Healthy: \d+ in staging$/ }).click();
    await expect(page).toHaveURL(/cluster=staging/);
    const rows = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link") });
    await expect(rows.first()).toContainText("staging");
    await expect(rows.filter({ hasNotText: "staging" })).toHaveCount(0);
    await expect(page.getByLabel("Cluster", { exact: true })).toHaveValue("staging");
  });

  test("a verdict changed in the cluster moves the table, the summary and the chips together, without polling", async ({ page, request }) => {
    const list = (await (await request.get("/api/functions?cluster=staging&health=healthy&limit=1&sort=name")).json()) as { items: Array<{ cluster: string; namespace: string; name: string }> };
    const fn = list.items[0];
    expect(fn, "a healthy Function in staging").toBeTruthy();
    const listRequests: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/functions") listRequests.push(r.url());
    });
    await page.goto("/?cluster=staging&health=terminal");
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
    const row = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link", { name: fn.name, exact: true }) });
    await expect(page.getByRole("table").getByRole("row").first()).toBeVisible();
    const before = await counts(page, "staging", "Terminal");
    expect(before).toEqual({ summary: before.table, chip: before.table, shown: before.table, table: before.table });
    await expect(row).toHaveCount(0);
    // The overview's HTML carries the first rows; the store then loads the others in pages and
    // ends with what changed meanwhile (`?since=`): counted from there, any list request is a poll.
    await expect.poll(() => listRequests.some((u) => new URL(u).searchParams.has("since"))).toBe(true);
    const loads = listRequests.length;

    try {
      // The controller's words for a spec AWS refuses for good: the verdict becomes terminal.
      await setCondition(fn, { type: "ACK.Terminal", status: "True", message: "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda." });
      await expect(row).toContainText("Terminal");
      const n = before.table + 1;
      await expect.poll(() => counts(page, "staging", "Terminal")).toEqual({ summary: n, chip: n, shown: n, table: n });
    } finally {
      await setCondition(fn, { type: "ACK.Terminal", status: null });
    }
    await expect(row).toHaveCount(0);
    await expect.poll(() => counts(page, "staging", "Terminal")).toEqual(before);
    // Everything came through the stream: no list was fetched again, the header did not poll.
    expect(listRequests.slice(loads)).toEqual([]);
  });
});
