/**
 * Child process of boot.test.ts: starts the server the way instrumentation.ts does, with
 * whatever environment the test gave it, and reports a successful start on stdout.
 * Run: node --conditions=react-server --import tsx boot.ts
 */
import { bootServer } from "../boot";

void bootServer().then(async (app) => {
  process.stdout.write(`started: ${JSON.stringify(app.roles())}\n`);
  await app.stop();
});
