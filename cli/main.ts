/**
 * ack-lambda-fleet: the CI/CD gate. `check` judges live Functions, `lint` checks manifests.
 * Returns the exit code (0 pass, 1 findings, 2 could not check); never throws for bad input.
 */
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/schemas";
import { SdkLambdaReadApi, loadCredentialsFile } from "@/lib/server/aws/lambda-api";
import { loadClusterContexts } from "@/lib/server/kube/kubeconfig";
import { redact } from "@/lib/server/kube/http";
import { type CheckArgs, parseCommandLine } from "./args";
import { AwsRounds } from "./check/aws-rounds";
import { runCheck } from "./check/check";
import { dashboardSnapshot } from "./check/dashboard-snapshot";
import type { FleetSnapshot } from "./check/evaluate";
import { kubeSnapshot } from "./check/kube-snapshot";
import { CHECK_HELP, LINT_HELP, MAIN_HELP } from "./help";
import { runLint } from "./lint/lint";
import { EXIT, type Report, UsageError, exitCodeOf } from "./report/model";
import { emit } from "./report/render";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => string;
  version: string;
}

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

async function check(args: CheckArgs, io: CliIo): Promise<Report> {
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

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCommandLine(argv, io.env);
    if (args.command === "help") {
      io.stdout(args.topic === "check" ? CHECK_HELP : args.topic === "lint" ? LINT_HELP : MAIN_HELP);
      return EXIT.pass;
    }
    if (args.command === "version") {
      io.stdout(`${io.version}\n`);
      return EXIT.pass;
    }
    const report = args.command === "check" ? await check(args, io) : runLint({ paths: args.paths, defaultRegion: args.defaultRegion, readStdin: io.readStdin });
    emit(report, args.format, args.output, io.stdout);
    return exitCodeOf(report);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`ack-lambda-fleet: ${err.message}\nRun ack-lambda-fleet --help for the options.\n`);
      return EXIT.couldNotCheck;
    }
    io.stderr(`ack-lambda-fleet: could not check: ${redact((err as Error).message ?? String(err))}\n`);
    return EXIT.couldNotCheck;
  }
}
