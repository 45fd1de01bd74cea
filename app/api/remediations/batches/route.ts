import { authenticate } from "@/lib/server/auth/authenticate";
import type { BatchList, BatchView } from "@/lib/domain/wire/batch";
import { serverApp } from "@/lib/server/holder";
import { onlyParams } from "@/lib/server/http/function-target";
import { handle, json } from "@/lib/server/http/respond";
import { parseBody, readJsonBody } from "@/lib/server/remediation/body";
import { BatchPreviewBodySchema, BatchRunBodySchema, MAX_BATCH_BODY_BYTES } from "@/lib/server/remediation/batch/body";
import { batchRequesters } from "@/lib/server/remediation/batch/requesters";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/remediations/batches: the batches this process keeps, newest first. */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const identity = await authenticate(req, app.config, null);
  onlyParams(new URL(req.url).searchParams, []);
  return json({ twoPersonRule: app.config.twoPersonRule, items: await app.batches.list(identity) } satisfies BatchList);
});

/**
 * POST /api/remediations/batches
 * - {action, items: [{cluster, namespace, name, aws?}], dryRun: true}: a preview, 202 with the
 *   batch; every item is checked and dry-run on the server (poll GET /batches/{id}).
 * - {previewId, confirm: {count, clusters}, reason}: runs the preview's eligible items, 202
 *   (running, or pending-approval under the two-person rule).
 * 400, 401, 403, 404, 409, 410, 413, 415, 429.
 */
export const POST = handle(async (req: Request) => {
  const raw = await readJsonBody(req, MAX_BATCH_BODY_BYTES);
  const app = serverApp();
  if (raw && typeof raw === "object" && "previewId" in raw) {
    const body = parseBody(BatchRunBodySchema, raw);
    const preview = await app.batches.lookup(body.previewId);
    const clusters = preview?.confirmation.clusters ?? [];
    const who = await batchRequesters(req, app, clusters, { action: preview?.action ?? "remove-finalizer", count: preview?.confirmation.count ?? 0 });
    return json((await app.batches.run(who, body)) satisfies BatchView, 202);
  }
  const body = parseBody(BatchPreviewBodySchema, raw);
  const who = await batchRequesters(
    req,
    app,
    body.items.map((i) => i.cluster),
    { action: body.action, count: body.items.length },
  );
  return json((await app.batches.preview(who, body)) satisfies BatchView, 202);
});
