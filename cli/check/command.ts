/**
 * `check` from parsed arguments: where the fleet is read from (kubeconfig clusters with the
 * dashboard's adapters, or a dashboard's API) and the run itself.
 */
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import { SdkLambdaReadApi, loadCredentialsFile } from "@/lib/server/aws/lambda-api";
import { redact } from "@/lib/server/redact";
import { loadClusterContexts } from "@/lib/server/kube/kubeconfig";
import type { CheckArgs } from "../args";
import type { CliIo } from "../io";
import type { Report } from "../report/model";
import { AwsRounds } from "./aws-rounds";
import { runCheck } from "./check";
import { dashboardSnapshot } from "./dashboard-snapshot";
import type { FleetSnapshot } from "./evaluate";
import { kubeSnapshot } from "./kube-snapshot";

/** The AWS requests in flight at once, across accounts (each account keeps its own rate budget). */
const AWS_CONCURRENCY = 8;

function sourceSetup(args: CheckArgs, io: CliIo): { source: string; snapshot: () => Promise<FleetSnapshot>; linkBase: string | null } {
  if (args.dashboard) {
    const url = args.dashboard;
    return {
      source: `dashboard ${url}`,
      linkBase: url,
      snapshot: () => dashboardSnapshot({ url, token: io.env.ACK_FLEET_DASHBOARD_TOKEN || null, contexts: args.contexts, namespaces: args.namespaces }),
    };
  }
  const contexts = loadClusterContexts(args.kubeconfigPaths, args.contexts);
  const aws = args.aws
    ? new AwsRounds(new SdkLambdaReadApi({ endpoint: args.aws.endpoint, credentials: loadCredentialsFile(args.aws.credentialsFile) }), {
        requestsPerSecond: args.aws.requestsPerSecond,
        concurrency: AWS_CONCURRENCY,
      })
    : null;
  const settings = { ...DEFAULT_DIAGNOSE_SETTINGS, pendingTimeoutMs: args.pendingTimeoutMs, deletionTimeoutMs: args.deletionTimeoutMs };
  const scope = args.namespaces.length ? `, namespaces ${args.namespaces.join(", ")}` : "";
  return {
    source: `kubeconfig ${args.kubeconfigPaths.join(":")} (contexts ${contexts.map((c) => c.name).join(", ")}${scope}${aws ? "" : ", without AWS"})`,
    linkBase: null,
    snapshot: () => kubeSnapshot({ contexts, namespaces: args.namespaces, aws, settings, now: Date.now }),
  };
}

export async function check(args: CheckArgs, io: CliIo): Promise<Report> {
  let setup: ReturnType<typeof sourceSetup>;
  try {
    setup = sourceSetup(args, io);
  } catch (err) {
    // A kubeconfig that is missing or lacks a context, a malformed credentials file.
    const message = redact((err as Error).message);
    return { command: "check", source: "setup", startedAt: new Date().toISOString(), durationMs: 0, checked: [], findings: [], problems: [{ subject: "setup", group: "setup", message }] };
  }
  return runCheck({
    source: setup.source,
    snapshot: setup.snapshot,
    policy: { failOn: args.failOn, minControllerVersion: args.minControllerVersion, linkBase: setup.linkBase },
    waitMs: args.waitMs,
    intervalMs: args.intervalMs,
    log: (line) => io.stderr(`${line}\n`),
  });
}
