/**
 * Child process of log-lines.test.ts: logs info lines through the process's log, then ends the
 * way argv[2] says (a process.exit, an uncaught exception, or a plain end of the event loop)
 * without waiting a turn of the event loop, so that the lines are still pending when it ends.
 * Run: node --conditions=react-server --import tsx log-then-end.ts exit|throw|drain
 */
import { logEvent } from "../log";

const how = process.argv[2];
for (let i = 0; i < 3; i++) logEvent("info", "request", { n: i, path: "/api/functions" });
if (how === "exit") process.exit(3);
if (how === "throw") throw new Error("crash after logging");
