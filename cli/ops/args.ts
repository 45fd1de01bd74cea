/**
 * The command lines of `export` (the fleet's ACK Lambda manifests as a .tar.gz) and `backup`
 * (an online copy of the dashboard's SQLite store). Mistakes are UsageErrors (exit 2).
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { guarded, list } from "../flags";
import { UsageError } from "../report/model";

export interface ExportArgs {
  command: "export";
  kubeconfigPaths: string[];
  contexts: string[];
  namespaces: string[];
  output: string;
}

export interface BackupArgs {
  command: "backup";
  /** The SQLite file of ACK_FLEET_STORE (sqlite:<path>). */
  store: string;
  output: string;
}

export function parseExport(argv: string[], env: NodeJS.ProcessEnv): ExportArgs | { command: "help"; topic: "export" } {
  const { values, positionals } = guarded(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        kubeconfig: { type: "string" },
        context: { type: "string", short: "c", multiple: true },
        namespace: { type: "string", short: "n", multiple: true },
        output: { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  if (values.help) return { command: "help", topic: "export" };
  if (positionals.length) throw new UsageError(`export takes no arguments (got ${positionals.map((p) => JSON.stringify(p)).join(" ")})`);
  if (!values.output) throw new UsageError("export needs --output FILE.tar.gz");
  const kubeconfig = values.kubeconfig ?? env.KUBECONFIG ?? path.join(os.homedir(), ".kube", "config");
  return { command: "export", kubeconfigPaths: kubeconfig.split(path.delimiter).filter(Boolean), contexts: list(values.context), namespaces: list(values.namespace), output: values.output };
}

export function parseBackup(argv: string[], env: NodeJS.ProcessEnv): BackupArgs | { command: "help"; topic: "backup" } {
  const { values, positionals } = guarded(() =>
    parseArgs({ args: argv, allowPositionals: true, strict: true, options: { store: { type: "string" }, output: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } } }),
  );
  if (values.help) return { command: "help", topic: "backup" };
  if (positionals.length) throw new UsageError(`backup takes no arguments (got ${positionals.map((p) => JSON.stringify(p)).join(" ")})`);
  if (!values.output) throw new UsageError("backup needs --output FILE");
  const store = values.store ?? env.ACK_FLEET_STORE ?? "sqlite:.data/history.db";
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(store);
  if (!m || !m[1].trim()) throw new UsageError(`--store: "${store.slice(0, 40)}" is not sqlite:<path> (a PostgreSQL store is backed up with pg_dump)`);
  return { command: "backup", store: m[1].trim(), output: values.output };
}
