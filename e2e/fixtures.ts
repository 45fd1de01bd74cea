/**
 * The `test` every spec uses: Playwright's, with a page that fails the test on any
 * Content-Security-Policy violation on any document it loads. The browser reports a violation
 * as a `securitypolicyviolation` event (even one a script caught and swallowed, such as a
 * `new Function` probe) and usually a console message; both are collected.
 */
import { test as base, expect } from "@playwright/test";

export const test = base.extend({
  page: async ({ page }, run) => {
    const violations: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    page.on("console", (m) => {
      if (/CSP violation|Content Security Policy|Refused to (execute|load|evaluate|apply|connect|frame)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    await run(page);
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
});

export { expect };
export type { Page } from "@playwright/test";
