import { AuthError } from "@/lib/server/auth/identity";
import { authenticate } from "@/lib/server/auth/authenticate";
import { crossOriginProblem, originPolicy } from "@/lib/server/auth/same-origin";
import { serverApp } from "@/lib/server/holder";
import { parseTarget } from "@/lib/server/http/function-target";
import { handle, json } from "@/lib/server/http/respond";
import { RemediationBodySchema, parseBody, readJsonBody } from "@/lib/server/remediation/body";
import { refuse } from "@/lib/server/remediation/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ cluster: string; namespace: string; name: string }> };

/**
 * POST /api/functions/{cluster}/{namespace}/{name}/remediations
 * {action, expectedResourceVersion, confirm, reason, dryRun?} (delete-aws-function: {action,
 * aws:{accountId, region, functionName}, expectedRevisionId?, confirm, reason, dryRun?}) →
 * 200 done or dry-run result, 202 waiting for approval, 400, 401, 403, 404, 409, 413, 415, 429, 502.
 */
export const POST = handle(async (req: Request, { params }: Params) => {
  const target = parseTarget(await params);
  const body = parseBody(RemediationBodySchema, await readJsonBody(req));
  const app = serverApp();
  const conn = app.fleet.clusters.get(target.cluster);
  if (!conn) throw refuse.notFound(`no cluster named ${target.cluster.slice(0, 100)}`);
  const service = app.remediation;
  let identity;
  try {
    identity = await authenticate(req, app.config, conn.ctx);
  } catch (err) {
    if (err instanceof AuthError) await service.recordUnauthenticated(target, body.action, err.claimedUser, err.message, err.status);
    throw err;
  }
  const crossOrigin = crossOriginProblem(req.headers, originPolicy(app.config));
  if (crossOrigin) {
    const err = refuse.forbidden(crossOrigin, "cross_origin");
    await service.recordRefusal(identity, target, body, err);
    throw err;
  }
  const answer = await service.submit(identity, target, body);
  return json(answer.body, answer.status);
});
