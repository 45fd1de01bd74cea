/**
 * ack-lambda-fleet: the CI/CD gate. `check` judges live Functions, `lint` checks manifests.
 * Returns the exit code (0 pass, 1 findings, 2 could not check); never throws for bad input.
 */
import { redact } from "@/lib/server/redact";
import { parseCommandLine } from "./args";
import { BACKUP_HELP, CHECK_HELP, EXPORT_HELP, LINT_HELP, MAIN_HELP } from "./help";
import { runLint } from "./lint/lint";
import { EXIT, UsageError, exitCodeOf } from "./report/model";
import { emit } from "./report/render";
import type { CliIo } from "./io";

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCommandLine(argv, io.env);
    if (args.command === "help") {
      io.stdout({ check: CHECK_HELP, lint: LINT_HELP, export: EXPORT_HELP, backup: BACKUP_HELP, main: MAIN_HELP }[args.topic]);
      return EXIT.pass;
    }
    if (args.command === "export" || args.command === "backup") {
      const ops = await import("./ops/commands");
      return args.command === "export" ? await ops.runExport(args, io) : await ops.runBackup(args, io);
    }
    if (args.command === "version") {
      io.stdout(`${io.version}\n`);
      return EXIT.pass;
    }
    // The Kubernetes client and the AWS SDK take seconds to load: only `check` pays for them.
    const report =
      args.command === "check"
        ? await (await import("./check/command")).check(args, io)
        : runLint({ paths: args.paths, defaultRegion: args.defaultRegion, readStdin: io.readStdin });
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
