import { z } from "zod";
import { readerOf } from "@/lib/server/auth/reader";
import { manifestEntries } from "@/lib/server/export/manifests";
import { download } from "@/lib/server/export/download";
import { tarGzStream } from "@/lib/server/export/tar-gz";
import { serverApp } from "@/lib/server/holder";
import { HttpError } from "@/lib/server/http/errors";
import { handle } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const names = (max: number) => z.array(z.string().min(1).max(max)).max(100);
const QuerySchema = z.object({ cluster: names(253), namespace: names(63) });

/**
 * GET /api/export/manifests?cluster=&namespace= (each repeatable or comma-separated; default
 * every cluster, every namespace): a .tar.gz of every ACK Lambda object, cleaned for re-apply,
 * streamed as it is read from the API servers (lib/server/export/manifests.ts). Restore:
 * `tar xzf` it, then `kubectl apply -R -f <cluster>/` (README "Backups and exports").
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const reader = await readerOf(req, app.config);
  const params = new URL(req.url).searchParams;
  const split = (key: string) => params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  const parsed = QuerySchema.safeParse({ cluster: split("cluster"), namespace: split("namespace") });
  if (!parsed.success) throw new HttpError(400, "bad_request", `bad query: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const known = [...app.fleet.clusters.keys()];
  const unknown = parsed.data.cluster.filter((c) => !known.includes(c));
  if (unknown.length) throw new HttpError(400, "bad_request", `unknown cluster ${unknown.join(", ")} (known: ${known.join(", ")})`);
  const wanted = parsed.data.cluster.length ? parsed.data.cluster : known;
  const clusters = wanted.map((name) => ({ name, kc: app.fleet.clusters.get(name)!.ctx.kc }));
  const now = new Date();
  // Proxy mode: only the namespaces this person may list, as everywhere else (lib/server/auth/visibility.ts).
  const visible = reader ? (cluster: string, namespace: string) => app.visibility.sees(reader, { cluster, namespace }) : undefined;
  return download(tarGzStream(manifestEntries(clusters, { namespaces: parsed.data.namespace, visible }, now), now.getTime()), "ack-lambda-manifests", "tar.gz", now);
});
