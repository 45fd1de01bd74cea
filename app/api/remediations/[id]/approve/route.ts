import { authenticate } from "@/lib/server/auth/authenticate";
import { AuthError } from "@/lib/server/auth/identity";
import { crossOriginProblem, originPolicy } from "@/lib/server/auth/same-origin";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";
import { ApproveBodySchema, parseBody, readJsonBody } from "@/lib/server/remediation/body";
import { refuse } from "@/lib/server/remediation/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * POST /api/remediations/{id}/approve {confirm, comment?}: a second, different operator approves
 * a pending request (two-person rule); every check runs again, then it executes.
 * 200 done, 400, 401, 403 (self-approval, access review, cross-site), 404, 409, 410 expired, 429, 502.
 */
export const POST = handle(async (req: Request, { params }: Params) => {
  const { id } = await params;
  const body = parseBody(ApproveBodySchema, await readJsonBody(req));
  const app = serverApp();
  const service = app.remediation;
  // Authenticate before saying anything about the request (local mode: loopback checks).
  await authenticate(req, app.config, null);
  if (!UUID.test(id)) throw refuse.notFound("no pending remediation with that id");
  const pending = await service.findPending(id);
  const conn = app.fleet.clusters.get(pending.target.cluster);
  if (!conn) throw refuse.notFound(`no cluster named ${pending.target.cluster}`);
  let approver;
  try {
    approver = await authenticate(req, app.config, conn.ctx);
  } catch (err) {
    if (err instanceof AuthError) await service.recordUnauthenticated(pending.target, pending.body.action, err.claimedUser, err.message, err.status);
    throw err;
  }
  const crossOrigin = crossOriginProblem(req.headers, originPolicy(app.config));
  if (crossOrigin) {
    const err = refuse.forbidden(crossOrigin, "cross_origin");
    await service.recordRefusal(approver, pending.target, pending.body, err);
    throw err;
  }
  const answer = await service.approve(approver, id, body);
  return json(answer.body, answer.status);
});
