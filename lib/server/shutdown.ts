import "server-only";
import type { ServerApp } from "./app";
import type { InFlight } from "./http/in-flight";
import { closeListeners } from "./http/listeners";

/**
 * A graceful stop on SIGTERM (a rolling update, a drained node), within the kubelet's grace
 * period (30 s by default; this takes at most `timeoutMs`, 10 s):
 * 1. drain: readiness fails (the Service stops sending traffic), every live stream ends with a
 *    short `retry:` so browsers reconnect elsewhere, and the HTTP listener closes: a new
 *    connection is refused (a request on a connection already open gets 503 at the gate);
 * 2. wait for the API requests in flight (at most half the time);
 * 3. stop the app: the watches, the AWS reader, then the timeline recorder flushes what it
 *    holds, then the stores close: no observed change is left unwritten;
 * 4. exit 0 (1 when a step failed or the time ran out).
 */
export interface ShutdownDeps {
  app: ServerApp;
  inFlight: InFlight;
  exit: (code: number) => void;
  log: (line: string) => void;
  timeoutMs?: number;
  /** Stops accepting connections; returns how many listeners it closed (default: ./http/listeners.ts). */
  closeListeners?: () => number;
}

export async function shutDown(deps: ShutdownDeps, signal: string): Promise<void> {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const started = Date.now();
  const hard = setTimeout(() => {
    deps.log(`[shutdown] not finished ${timeoutMs} ms after ${signal}: exiting now`);
    deps.exit(1);
  }, timeoutMs);
  hard.unref();
  deps.log(`[shutdown] ${signal}: draining (${deps.inFlight.size} requests in flight)`);
  deps.app.drain();
  const closed = (deps.closeListeners ?? closeListeners)();
  deps.log(`[shutdown] ${closed} HTTP listener${closed === 1 ? "" : "s"} closed: no new connection is accepted`);
  const idle = await deps.inFlight.idle(timeoutMs / 2);
  if (!idle) deps.log(`[shutdown] ${deps.inFlight.size} requests still in flight: stopping anyway`);
  let code = 0;
  try {
    await deps.app.stop();
  } catch (err) {
    deps.log(`[shutdown] stopping failed: ${(err as Error).message}`);
    code = 1;
  }
  clearTimeout(hard);
  deps.log(`[shutdown] done in ${Date.now() - started} ms: timeline flushed, store closed`);
  deps.exit(code);
}

/**
 * Makes this process stop with shutDown() on SIGTERM and SIGINT. Next.js's standalone server
 * installs its own handlers (next/dist/server/lib/start-server.js, unless NEXT_MANUAL_SIG_HANDLE
 * is set), which exit once the HTTP server closed, before the timeline is flushed and while
 * open streams would keep it from closing at all: they are removed, and this one handles both.
 */
export function handleSignals(deps: Omit<ShutdownDeps, "exit"> & { exit?: (code: number) => void }): void {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let once = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (once) return;
      once = true;
      void shutDown({ ...deps, exit }, signal);
    });
  }
}
