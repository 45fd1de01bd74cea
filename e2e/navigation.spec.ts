/**
 * `npm run demo` serves pages that stay put: one document load per visit, however long the page
 * stays open. The development server used to reload its pages forever once a production build
 * had been made (the persisted Turbopack cache, see next.config.js); the demo now serves the
 * production build, which this suite runs against, started by the demo script itself.
 */
import { expect, test } from "./fixtures";

const PAGES = [
  { name: "the overview", path: "/" },
  { name: "a Function's page", path: "/functions/prod-us/checkout/order-events-processor" },
  { name: "Needs action", path: "/needs-action" },
  { name: "the audit log", path: "/audit" },
];
const WATCH_MS = 10_000;

test.describe("each page loads once", () => {
  for (const p of PAGES) {
    test(`${p.name} is one navigation in ${WATCH_MS / 1000} s`, async ({ page }) => {
      const documents: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => {
        if (r.resourceType() === "document" && r.frame() === page.mainFrame()) documents.push(r.url());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(p.path);
      await expect(page.getByRole("navigation", { name: "Cluster connections" }).getByText("prod-eu")).toBeVisible();
      await page.waitForTimeout(WATCH_MS);
      expect(documents).toHaveLength(1);
      expect(errors).toEqual([]);
    });
  }
});
