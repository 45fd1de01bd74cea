/**
 * `export` and `backup`: the fleet's manifests and the dashboard's store, kept where a pipeline
 * or a cron job puts them. Both print what they wrote; exit 0 when complete, 2 when something
 * could not be read (the archive is still written, with the failures in its export.json).
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { manifestEntries, type ExportIndex } from "@/lib/server/export/manifests";
import { tarGzStream, type TarEntry } from "@/lib/server/export/tar-gz";
import { loadClusterContexts } from "@/lib/server/kube/kubeconfig";
import { backupSqlite } from "@/lib/server/store/sqlite-backup";
import type { CliIo } from "../io";
import { EXIT, type ExitCode } from "../report/model";
import type { BackupArgs, ExportArgs } from "./args";

export async function runExport(args: ExportArgs, io: CliIo): Promise<ExitCode> {
  if (fs.existsSync(args.output)) throw new Error(`${args.output} exists: export never overwrites a file`);
  const clusters = loadClusterContexts(args.kubeconfigPaths, args.contexts).map((c) => ({ name: c.name, kc: c.kc }));
  let index: ExportIndex | null = null;
  // The index is the archive's last entry: read it on its way into the file.
  async function* watched(): AsyncGenerator<TarEntry> {
    for await (const e of manifestEntries(clusters, { namespaces: args.namespaces }, new Date())) {
      if (e.path === "export.json") index = JSON.parse(e.data.toString("utf8")) as ExportIndex;
      yield e;
    }
  }
  const stream = Readable.fromWeb(tarGzStream(watched(), Date.now()) as NodeWebStream<Uint8Array>);
  await pipeline(stream, fs.createWriteStream(args.output, { flags: "wx", mode: 0o600 }));
  const done = index as ExportIndex | null;
  if (!done) throw new Error("the export ended before its index");
  let failed = false;
  for (const c of done.clusters) {
    const counts = Object.entries(c.objects).map(([kind, n]) => `${n} ${kind}`).join(", ") || "no objects";
    io.stdout(`${c.cluster}: ${counts} in ${c.namespaces} namespaces\n`);
    for (const e of c.errors) {
      failed = true;
      io.stderr(`${c.cluster}: could not read: ${e}\n`);
    }
  }
  io.stdout(`wrote ${args.output}\nrestore: tar xzf ${args.output} && kubectl --context <cluster> apply -R -f <cluster>/\n`);
  return failed ? EXIT.couldNotCheck : EXIT.pass;
}

export async function runBackup(args: BackupArgs, io: CliIo): Promise<ExitCode> {
  const r = await backupSqlite(args.store, args.output);
  io.stdout(`wrote ${r.file}: ${r.bytes} bytes, ${r.timelineEntries} timeline entries, ${r.auditEntries} audit entries (integrity_check ok)\n`);
  return EXIT.pass;
}
