import { authenticate } from "@/lib/server/auth/authenticate";
import type { BatchView } from "@/lib/domain/wire/batch";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";
import { batchIdOf } from "@/lib/server/remediation/batch/body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string }> };

/** GET /api/remediations/batches/{id}: a batch with its progress and every item's result (poll it). */
export const GET = handle(async (req: Request, { params }: Params) => {
  const app = serverApp();
  const identity = await authenticate(req, app.config, null);
  return json(await app.batches.get(batchIdOf((await params).id), identity) satisfies BatchView);
});
