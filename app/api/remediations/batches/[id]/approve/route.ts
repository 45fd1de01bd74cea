import type { BatchView } from "@/lib/domain/wire/batch";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";
import { parseBody, readJsonBody } from "@/lib/server/remediation/body";
import { BatchApproveBodySchema, batchIdOf } from "@/lib/server/remediation/batch/body";
import { batchRequesters } from "@/lib/server/remediation/batch/requesters";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string }> };

/**
 * POST /api/remediations/batches/{id}/approve {confirm: {count, clusters}, comment?}: a second,
 * different operator approves a whole batch once (two-person rule); each item is then checked
 * again for both people as it runs. 202, 400, 401, 403, 404, 409, 410, 429.
 */
export const POST = handle(async (req: Request, { params }: Params) => {
  const id = batchIdOf((await params).id);
  const body = parseBody(BatchApproveBodySchema, await readJsonBody(req));
  const app = serverApp();
  const batch = await app.batches.lookup(id);
  const who = await batchRequesters(req, app, batch?.confirmation.clusters ?? [], { action: batch?.action ?? "remove-finalizer", count: batch?.confirmation.count ?? 0 });
  return json((await app.batches.approve(who, id, body)) satisfies BatchView, 202);
});
