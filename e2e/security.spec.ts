/**
 * The browser side of the guards: every page is served with a nonce-based CSP (no inline
 * script runs without this request's nonce), pages still hydrate and work under it, and the
 * browser reports no CSP violation.
 */
import { expect, test } from "@playwright/test";

test.describe("content security policy", () => {
  for (const path of ["/", "/functions/prod-us/checkout/order-events-processor", "/audit", "/needs-action"]) {
    test(`${path} runs under a nonce CSP without violations`, async ({ page }) => {
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
      });
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
      expect(violations).toEqual([]);
    });
  }
});
