/**
 * Opt-in desktop notifications: with the browser's permission granted, the header's switch
 * turns them on (remembered across a reload); an outage that makes Functions of prod-us
 * deletion-blocked (the simulator's control API) is one notification, not one per Function.
 * A spy around window.Notification (installed before the app's scripts) records each one.
 * It adds Functions to the demo fleet: playwright.config.ts runs it with the specs that run
 * after those that count the demo's Functions.
 */
import { controlUrl } from "../playwright.config";
import { expect, test } from "./fixtures";

declare global {
  interface Window {
    __notifications?: Array<{ title: string; body: string }>;
  }
}

test.describe("Desktop notifications", () => {
  test("one notification when an outage raises the count of Functions needing action", async ({ page, context, baseURL }) => {
    test.setTimeout(90_000);
    await context.grantPermissions(["notifications"], { origin: baseURL });
    await page.addInitScript(() => {
      const Real = window.Notification;
      const seen: Array<{ title: string; body: string }> = [];
      window.__notifications = seen;
      // Records what the app shows; permission and requestPermission stay the browser's.
      class Spy {
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          seen.push({ title, body: options?.body ?? "" });
        }
        static get permission() {
          return Real.permission;
        }
        static requestPermission() {
          return Real.requestPermission();
        }
        close() {}
      }
      Object.defineProperty(window, "Notification", { value: Spy, configurable: true, writable: true });
    });

    await page.goto("/");
    await expect(page).toHaveTitle(/^\(\d+\) /);
    const toggle = page.getByRole("button", { name: /^Desktop alerts/ });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(toggle).toHaveText("Desktop alerts on");

    // Remembered: still on after a reload, and nothing is told for what was already there.
    await page.reload();
    await expect(page.getByRole("button", { name: "Desktop alerts on" })).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveTitle(/^\(\d+\) /);
    const before = Number(/^\((\d+)\)/.exec(await page.title())![1]);
    await page.waitForTimeout(3_000);
    expect(await page.evaluate(() => window.__notifications)).toEqual([]);

    const count = 5;
    const res = await fetch(`${controlUrl}/clusters/prod-us/outage`, { method: "POST", body: JSON.stringify({ namespace: "media", count, prefix: `dn${Date.now().toString(36)}` }) });
    expect(res.status).toBe(200);
    await expect(page).toHaveTitle(new RegExp(`^\\(${before + count}\\) `), { timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => window.__notifications?.length), { timeout: 10_000 }).toBe(1);
    // Batched: the five rows that arrived one by one are one notification, and no more come.
    await page.waitForTimeout(3_000);
    const shown = await page.evaluate(() => window.__notifications);
    expect(shown).toHaveLength(1);
    expect(shown![0].title).toBe("ACK Lambda Fleet");
    expect(shown![0].body).toMatch(new RegExp(`^${before + count} Functions need action \\(\\d+ more\\)\\.$`));

    // Off again: nothing more is shown.
    await page.getByRole("button", { name: "Desktop alerts on" }).click();
    await expect(page.getByRole("button", { name: "Desktop alerts off" })).toHaveAttribute("aria-pressed", "false");
  });
});
