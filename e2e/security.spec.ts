/**
 * The browser side of the guards: every page is served with a nonce-based CSP (no inline
 * script runs without this request's nonce) and pages still hydrate and work under it. That the
 * browser reports no CSP violation is checked on every page of every spec (./fixtures.ts).
 */
import { expect, test } from "./fixtures";

test.describe("content security policy", () => {
  for (const path of ["/", "/functions/prod-us/checkout/order-events-processor", "/audit", "/needs-action"]) {
    test(`${path} runs under a nonce CSP`, async ({ page }) => {
      const res = await page.goto(path);
      const csp = res?.headers()["content-security-policy"] ?? "";
      const script = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
      expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
      expect(script).not.toContain("unsafe-inline");
      // Hydrated: the client-side header shows the cluster connections.
      await expect(page.getByRole("navigation", { name: "Cluster connections" }).getByText("prod-eu")).toBeVisible();
      // The nonce is new for every request.
      const again = await page.request.get(path);
      expect(again.headers()["content-security-policy"]).not.toBe(csp);
    });
  }
});

test.describe("the suite's CSP check", () => {
  // The fixture must fail a test whose page breaks the policy: here, an image from an origin it does not allow.
  test.fail();
  test("fails a test on a CSP violation", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    // An image from an origin the policy does not allow (img-src 'self' data: blob:): refused, never loaded.
    await page.evaluate(() => {
      const img = document.createElement("img");
      img.src = "http://127.0.0.2:9/not-allowed.png";
      document.body.appendChild(img);
    });
    await page.waitForTimeout(200);
  });
});
