import type { BatchView } from "@/lib/domain/wire/batch";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";
import { parseBody, readJsonBody } from "@/lib/server/remediation/body";
import { BatchStopBodySchema, batchIdOf } from "@/lib/server/remediation/batch/body";
import { batchRequesters } from "@/lib/server/remediation/batch/requesters";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string }> };

/**
 * POST /api/remediations/batches/{id}/stop {}: no further item starts; those in flight finish.
 * Any signed-in person may stop a batch, from the same origin (stopping never changes a Function;
 * who stopped it is named in the batch's outcome entry). 200, 401, 403, 404, 409.
 */
export const POST = handle(async (req: Request, { params }: Params) => {
  const id = batchIdOf((await params).id);
  parseBody(BatchStopBodySchema, await readJsonBody(req));
  const app = serverApp();
  const batch = await app.batches.lookup(id);
  const who = await batchRequesters(req, app, [], { action: batch?.action ?? "remove-finalizer", count: batch?.confirmation.count ?? 0 });
  return json(await app.batches.stop(who.main, id) satisfies BatchView);
});
