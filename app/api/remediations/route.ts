import { authenticate } from "@/lib/server/auth/authenticate";
import { getConfig } from "@/lib/server/config";
import { handle, json } from "@/lib/server/http/respond";
import { refuse } from "@/lib/server/remediation/errors";
import { remediationRoute } from "@/lib/server/remediation/http";
import { getRemediation } from "@/lib/server/remediation/instance";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/remediations[?function=cluster/namespace/name]: requests waiting for a second
 * operator (two-person rule), oldest first, with when they expire.
 */
export const GET = handle(async (req: Request) =>
  remediationRoute(async () => {
    const config = getConfig();
    const identity = await authenticate(req, config, null);
    const params = new URL(req.url).searchParams;
    for (const k of params.keys()) if (k !== "function") throw refuse.badRequest(`unknown query parameter ${k.slice(0, 40)}`);
    const fn = params.get("function");
    const service = getRemediation();
    const items = service
      .pending()
      .filter((p) => !fn || `${p.target.cluster}/${p.target.namespace}/${p.target.name}` === fn)
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
    return json({ twoPersonRule: service.options.twoPersonRule, approvalTtlMs: service.options.approvalTtlMs, items });
  }),
);
