/**
 * The process around main(): argv, stdio, exit code. Started by bin/ack-lambda-fleet.mjs,
 * which runs this TypeScript through tsx.
 */
import fs from "node:fs";
import { main } from "./main";

const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

void main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  readStdin: () => fs.readFileSync(0, "utf8"),
  version: pkg.version,
}).then((code) => {
  // exitCode, not exit(): stdout drains first (a report piped to a file can be large).
  process.exitCode = code;
});
