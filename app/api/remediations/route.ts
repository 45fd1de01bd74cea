import { authenticate } from "@/lib/server/auth/authenticate";
import { asReader } from "@/lib/server/auth/reader";
import { functionId } from "@/lib/domain/function-ref";
import type { PendingList } from "@/lib/domain/wire/remediation";
import { serverApp } from "@/lib/server/holder";
import { onlyParams } from "@/lib/server/http/function-target";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/remediations[?function=cluster/namespace/name]: requests waiting for a second
 * operator (two-person rule), oldest first, with when they expire.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const identity = await authenticate(req, app.config, null);
  const params = new URL(req.url).searchParams;
  onlyParams(params, ["function"]);
  const fn = params.get("function");
  const service = app.remediation;
  const visible = await app.visibility.filter(asReader(identity), await service.pending(), (p) => p.target);
  const items = visible
    .filter((p) => !fn || functionId(p.target) === fn)
    .map((p) => ({
      id: p.id,
      requestId: p.requestId,
      action: p.body.action,
      target: p.target,
      requester: { user: p.requester.user, groups: p.requester.groups },
      reason: p.body.reason,
      expectedResourceVersion: p.body.action === "delete-aws-function" ? null : p.body.expectedResourceVersion,
      aws: p.body.action === "delete-aws-function" ? p.body.aws : null,
      confirmName: p.body.action === "delete-aws-function" ? p.body.aws.functionName : p.target.name,
      warnings: p.warnings,
      createdAt: new Date(p.createdAt).toISOString(),
      expiresAt: new Date(p.expiresAt).toISOString(),
      mine: identity.mode === "proxy" && p.requester.user === identity.user,
    }));
  return json({ twoPersonRule: service.options.twoPersonRule, approvalTtlMs: service.options.approvalTtlMs, items } satisfies PendingList);
});
