/**
 * The command line, parsed and checked before anything runs. Every mistake is a UsageError
 * (exit 2) that names the flag.
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { AWS_REGION } from "@/lib/domain/function-object";
import { parseControllerVersion } from "@/lib/domain/controller-version";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import { HEALTH_VALUES, type Health } from "@/lib/domain/health";
import { parseDuration } from "@/lib/domain/duration";
import { DEFAULT_FAIL_ON } from "./check/evaluate";
import { guarded, list } from "./flags";
import { FORMATS, type Format } from "./report/render";
import { UsageError } from "./report/model";
import { parseBackup, parseExport, type BackupArgs, type ExportArgs } from "./ops/args";

export interface OutputArgs {
  format: Format;
  output: string | null;
}

export interface CheckArgs extends OutputArgs {
  command: "check";
  kubeconfigPaths: string[];
  contexts: string[];
  namespaces: string[];
  dashboard: string | null;
  failOn: Health[];
  minControllerVersion: string | null;
  waitMs: number;
  intervalMs: number;
  pendingTimeoutMs: number;
  deletionTimeoutMs: number;
  aws: { endpoint: string | null; credentialsFile: string | null; requestsPerSecond: number } | null;
}

export interface LintArgs extends OutputArgs {
  command: "lint";
  paths: string[];
  defaultRegion: string | null;
}

export type ParsedArgs =
  | CheckArgs
  | LintArgs
  | ExportArgs
  | BackupArgs
  | { command: "help"; topic: "main" | "check" | "lint" | "export" | "backup" }
  | { command: "version" };

const OUTPUT_OPTIONS = {
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

function duration(flag: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === null || ms < 0 || (!allowZero && ms === 0)) throw new UsageError(`--${flag}: not a duration: "${value}" (use e.g. 30s, 5m, 1h)`);
  return ms;
}

function outputArgs(values: { format?: string; output?: string }): OutputArgs {
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: "${values.format}" is not one of ${FORMATS.join(", ")}`);
  return { format, output: values.output ?? null };
}


function parseCheck(argv: string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const { values, positionals } = guarded(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...OUTPUT_OPTIONS,
        kubeconfig: { type: "string" },
        context: { type: "string", short: "c", multiple: true },
        namespace: { type: "string", short: "n", multiple: true },
        dashboard: { type: "string" },
        "fail-on": { type: "string" },
        "min-controller-version": { type: "string" },
        wait: { type: "string" },
        interval: { type: "string" },
        "pending-timeout": { type: "string" },
        "deletion-timeout": { type: "string" },
        "aws-endpoint": { type: "string" },
        "aws-credentials-file": { type: "string" },
        "aws-rps": { type: "string" },
        "no-aws": { type: "boolean" },
      },
    }),
  );
  if (values.help) return { command: "help", topic: "check" };
  if (positionals.length) throw new UsageError(`check takes no arguments (got ${positionals.map((p) => JSON.stringify(p)).join(" ")})`);
  const failOn = values["fail-on"] === undefined ? [...DEFAULT_FAIL_ON] : list([values["fail-on"]]);
  const badVerdicts = failOn.filter((v) => !(HEALTH_VALUES as readonly string[]).includes(v) || v === "healthy");
  if (badVerdicts.length || failOn.length === 0) {
    throw new UsageError(`--fail-on: ${badVerdicts.length ? `unknown verdict(s) ${badVerdicts.join(", ")}` : "empty"}; use ${HEALTH_VALUES.filter((h) => h !== "healthy").join(", ")}`);
  }
  const min = values["min-controller-version"] ?? null;
  if (min !== null && !parseControllerVersion(min)) throw new UsageError(`--min-controller-version: "${min}" is not a version like 1.7.4`);
  let dashboard: string | null = null;
  if (values.dashboard !== undefined) {
    let url: URL;
    try {
      url = new URL(values.dashboard);
    } catch {
      throw new UsageError(`--dashboard: "${values.dashboard}" is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError("--dashboard: use an http or https URL");
    if (url.username || url.password) throw new UsageError("--dashboard: credentials do not belong in the URL; set ACK_FLEET_DASHBOARD_TOKEN");
    dashboard = url.toString().replace(/\/+$/, "");
    const kubeOnly = ["kubeconfig", "pending-timeout", "deletion-timeout", "aws-endpoint", "aws-credentials-file", "aws-rps", "no-aws"].filter((k) => (values as Record<string, unknown>)[k] !== undefined);
    if (kubeOnly.length) throw new UsageError(`--dashboard reads verdicts from the dashboard; ${kubeOnly.map((k) => `--${k}`).join(", ")} only apply to kubeconfig mode`);
  }
  const rpsText = values["aws-rps"] ?? env.ACK_FLEET_AWS_RPS ?? "10";
  const rps = Number(rpsText);
  if (!Number.isFinite(rps) || rps <= 0 || rps > 100) throw new UsageError(`--aws-rps: "${rpsText}" is not a number of requests per second between 0 and 100`);
  const kubeconfig = values.kubeconfig ?? env.KUBECONFIG ?? path.join(os.homedir(), ".kube", "config");
  return {
    command: "check",
    ...outputArgs(values),
    kubeconfigPaths: kubeconfig.split(path.delimiter).filter(Boolean),
    contexts: list(values.context),
    namespaces: list(values.namespace),
    dashboard,
    failOn: failOn as Health[],
    minControllerVersion: min,
    waitMs: duration("wait", values.wait, 0, true),
    intervalMs: duration("interval", values.interval, 10_000),
    pendingTimeoutMs: duration("pending-timeout", values["pending-timeout"], DEFAULT_DIAGNOSE_SETTINGS.pendingTimeoutMs),
    deletionTimeoutMs: duration("deletion-timeout", values["deletion-timeout"], DEFAULT_DIAGNOSE_SETTINGS.deletionTimeoutMs),
    aws: values["no-aws"]
      ? null
      : {
          endpoint: values["aws-endpoint"] ?? env.ACK_FLEET_AWS_ENDPOINT ?? null,
          credentialsFile: values["aws-credentials-file"] ?? env.ACK_FLEET_AWS_CREDENTIALS_FILE ?? null,
          requestsPerSecond: rps,
        },
  };
}

function parseLint(argv: string[]): ParsedArgs {
  const { values, positionals } = guarded(() =>
    parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...OUTPUT_OPTIONS, "default-region": { type: "string" } } }),
  );
  if (values.help) return { command: "help", topic: "lint" };
  if (positionals.length === 0) throw new UsageError("lint needs at least one file or folder (or - for stdin)");
  const region = values["default-region"] ?? null;
  if (region !== null && !AWS_REGION.test(region)) throw new UsageError(`--default-region: "${region}" is not an AWS region (e.g. eu-west-1)`);
  return { command: "lint", ...outputArgs(values), paths: positionals, defaultRegion: region };
}

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") return { command: "help", topic: "main" };
  if (command === "--version") return { command: "version" };
  if (command === "check") return parseCheck(rest, env);
  if (command === "lint") return parseLint(rest);
  if (command === "export") return parseExport(rest, env);
  if (command === "backup") return parseBackup(rest, env);
  throw new UsageError(`unknown command "${command.slice(0, 40)}" (use check, lint, export or backup)`);
}
