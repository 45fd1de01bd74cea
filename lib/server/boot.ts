import "server-only";
import type { ServerApp } from "./app";
import { installServerApp, processConfig, requestsInFlight } from "./holder";
import { FirstPages } from "./kube/first-pages";
import { loadClusters } from "./kube/in-cluster";
import { configureLog, logLine } from "./log";
import { redact } from "./redact";
import { handleSignals } from "./shutdown";

/**
 * Starting the server process (instrumentation.ts, once, before the first request): parse the
 * configuration, build the app, start it and install it for the route handlers. Anything wrong
 * (a bad variable, a kubeconfig that is not there, a store that cannot be opened) is one log
 * line naming it and the process exits non-zero: under Kubernetes the pod crash-loops with
 * that line in its log, rather than serving a UI whose API answers 503 forever.
 *
 * The clusters' first list pages are asked before the app's modules are loaded (./app.ts is
 * imported here, not above: the AWS SDK, the stores, the fleet, the verdicts, the remediation),
 * so that the API servers answer while this process loads and builds the app; the app's
 * watchers then take those pages (./kube/first-pages.ts). The app is still built in one place.
 */
export interface BootHooks {
  log?: (line: string) => void;
  exit?: (code: number) => never;
  /** Stop gracefully on SIGTERM/SIGINT (./shutdown.ts): the server process, not a test. */
  signals?: boolean;
}

export async function bootServer(hooks: BootHooks = {}): Promise<ServerApp> {
  const log = hooks.log ?? ((line: string) => console.error(line));
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  let app: ServerApp;
  try {
    const config = processConfig();
    configureLog({ format: config.logFormat });
    const contexts = loadClusters(config);
    const firstPages = FirstPages.ask(contexts, config.controllerNamespaces);
    const { createServerApp } = await import("./app");
    app = createServerApp(config, { log: hooks.log ?? logLine, contexts, firstPages });
  } catch (err) {
    log(`[boot] not started: ${redact(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
    return exit(1);
  }
  installServerApp(app);
  if (hooks.signals) handleSignals({ app, inFlight: requestsInFlight(), log: hooks.log ?? logLine });
  try {
    // A PostgreSQL store connects and migrates here: unreachable, it stops the process the same way.
    await app.start();
  } catch (err) {
    log(`[boot] not started: ${redact(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ")}`);
    await app.stop().catch(() => {});
    return exit(1);
  }
  return app;
}
