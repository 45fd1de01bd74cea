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

test.describe("a malformed percent-encoding in a path", () => {
  test("the API answers 400 in its error shape with the security headers; a page shows the not-found page", async ({ page, request }) => {
    for (const [method, path] of [
      ["GET", "/api/functions/prod-us/checkout/%ZZ"],
      ["GET", "/api/functions/prod-us/checkout/%ZZ/timeline"],
      ["POST", "/api/functions/prod-us/checkout/%ZZ/remediations"],
    ]) {
      const res = await request.fetch(path, { method, headers: { "content-type": "application/json" }, data: method === "POST" ? "{}" : undefined });
      expect(res.status(), `${method} ${path}`).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
      expect(res.headers()["x-content-type-options"]).toBe("nosniff");
      expect(res.headers()["x-frame-options"]).toBe("DENY");
      expect(res.headers()["content-security-policy"]).toMatch(/'nonce-/);
    }
    const res = await page.goto("/functions/prod-us/checkout/%ZZ");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Cluster connections" }).getByText("prod-eu")).toBeVisible();
  });
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
