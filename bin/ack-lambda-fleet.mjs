#!/usr/bin/env node
// ack-lambda-fleet: runs the TypeScript CLI (cli/entry.ts) with tsx, from any directory.
// Two node options matter: the react-server export condition, under which the dashboard's
// server-only adapters (kubeconfig, Kubernetes HTTP, AWS Lambda) may be imported outside
// Next.js, and tsx with this package's tsconfig, which maps its "@/" imports.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", import.meta.resolve("tsx"), fileURLToPath(new URL("../cli/entry.ts", import.meta.url)), ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, TSX_TSCONFIG_PATH: `${root}tsconfig.json` } },
);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  process.exitCode = code ?? (signal ? 2 : 1);
});
child.on("error", (err) => {
  process.stderr.write(`ack-lambda-fleet: could not start node: ${err.message}\n`);
  process.exitCode = 2;
});
