/**
 * `npx tsx scripts/build.ts`: the production build the end-to-end tests and `npm run demo` serve,
 * made only when the sources changed (./production-build.ts). `npm test` runs it as its own step
 * before Playwright, so that Playwright's wait for the server covers the server's start alone,
 * not a build that takes minutes on a loaded machine.
 */
import { ensureProductionBuild } from "./production-build";

ensureProductionBuild({ root: process.cwd(), env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, force: process.argv.includes("--rebuild") }).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
