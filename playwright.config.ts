import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against the dashboard
 * running on the simulated fleet, built for production. Everything listens on 127.0.0.1.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CONTROL_PORT = Number(process.env.E2E_CONTROL_PORT ?? 3199);
export const controlUrl = `http://127.0.0.1:${CONTROL_PORT}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: /(remediation|desktop-notifications)\.spec\.ts/, use: { browserName: "chromium", viewport: { width: 1440, height: 900 } } },
    // Resolving the seed case removes it, and outages add Functions: these run after every spec that reads or counts the demo fleet.
    {
      name: "remediation",
      testMatch: /(remediation|desktop-notifications)\.spec\.ts/,
      dependencies: ["chromium"],
      use: { browserName: "chromium", viewport: { width: 1440, height: 900 } },
    },
  ],
  webServer: {
    command: `npx tsx scripts/demo.ts --port ${PORT} --control-port ${CONTROL_PORT} --dir .sim/e2e`,
    url: `http://127.0.0.1:${PORT}/api/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
