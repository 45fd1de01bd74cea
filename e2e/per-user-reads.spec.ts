/**
 * Per-user reads in Chromium: a second dashboard on the simulated fleet in proxy mode (the
 * browser sends the identity headers and the shared secret, as oauth2-proxy would), opened by a
 * person whose RBAC lets them list Functions in the checkout namespace only
 * (sim/scenarios/identities.ts): the overview shows those and counts only those, and the page of
 * a Function in another namespace says it is not found.
 */
import { expect, test } from "./fixtures";
import { startSecondDashboard, type SecondDashboard } from "./second-dashboard";

const PORT = Number(process.env.E2E_PROXY_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 2);
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = "e2e-proxy-secret-0123456789abcdefghij";
const person = (user: string, groups: string) => ({ "x-forwarded-user": user, "x-forwarded-email": user, "x-forwarded-groups": groups, "x-ack-fleet-proxy-secret": SECRET });
const CHECKOUT_DEV = person("dev@example.com", "checkout-team");
const VIEWER = person("viewer@example.com", "ack-viewers");

let demo: SecondDashboard | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = await startSecondDashboard({
    port: PORT,
    dir: ".sim/e2e-proxy",
    env: { ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET },
    ready: async () => {
      const r = await fetch(`${BASE}/api/functions?limit=1`, { headers: VIEWER });
      return r.ok && ((await r.json()) as { total: number }).total > 0;
    },
  });
});

test.afterAll(async () => {
  await demo?.stop();
});

test("a person who may list only checkout sees only checkout's Functions, and counts only them", async ({ browser }) => {
  const total = async (headers: Record<string, string>) => ((await (await fetch(`${BASE}/api/functions?limit=1`, { headers })).json()) as { total: number }).total;
  const mine = await total(CHECKOUT_DEV);
  const everyone = await total(VIEWER);
  expect(mine).toBeGreaterThan(0);
  expect(mine).toBeLessThan(everyone);

  // The overview's HTML, with the first rows the server rendered for this person: theirs only.
  const html = await (await fetch(`${BASE}/`, { headers: CHECKOUT_DEV })).text();
  const rendered = [...html.matchAll(/href="(\/functions\/[^"]+)"/g)].map((m) => m[1]);
  expect(rendered.length).toBeGreaterThan(0);
  for (const href of rendered) expect(href).toMatch(/^\/functions\/prod-us\/checkout\//);
  for (const ns of ["payments", "notifications", "sandbox"]) expect(html).not.toContain(`/${ns}/`);

  const context = await browser.newContext({ extraHTTPHeaders: CHECKOUT_DEV, baseURL: BASE });
  const page = await context.newPage();
  try {
    await page.goto("/");
    await expect(page.getByText(new RegExp(`^\\d+ of ${mine} Functions$`))).toBeVisible();
    const links = page.getByRole("table").getByRole("link");
    await expect(links.first()).toBeVisible();
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^\/functions\/prod-us\/checkout\//);
    // Not a name of another namespace anywhere on the page, counts included.
    for (const ns of ["payments", "notifications", "sandbox"]) await expect(page.locator("body")).not.toContainText(ns);

    // A Function of another namespace: the same page as for one that does not exist.
    const other = (await (await fetch(`${BASE}/api/functions?namespace=payments&limit=1`, { headers: VIEWER })).json()) as { items: Array<{ cluster: string; name: string }> };
    await page.goto(`/functions/${other.items[0].cluster}/payments/${other.items[0].name}`);
    await expect(page.getByRole("heading", { name: "Function not found" })).toBeVisible();
  } finally {
    await context.close();
  }
});
