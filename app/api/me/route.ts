import { ACTION_VALUES, type RemediationAction } from "@/lib/domain/schemas";
import { authenticate } from "@/lib/server/auth/authenticate";
import { permissionsFor } from "@/lib/server/auth/permissions";
import { getConfig } from "@/lib/server/config";
import { getFleet } from "@/lib/server/fleet/instance";
import { handle, json } from "@/lib/server/http/respond";
import { refuse } from "@/lib/server/remediation/errors";
import { parseTarget, remediationRoute } from "@/lib/server/remediation/http";
import { ACTION_VERBS } from "@/lib/server/remediation/prepare";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/me[?function=cluster/namespace/name]: who the dashboard thinks you are, and, for one
 * Function, what Kubernetes lets you do to it (the same access reviews the write path runs),
 * per verb and per remediation action. The UI disables what you may not do, with the reason.
 */
export const GET = handle(async (req: Request) =>
  remediationRoute(async () => {
    const config = getConfig();
    const params = new URL(req.url).searchParams;
    for (const k of params.keys()) if (k !== "function") throw refuse.badRequest(`unknown query parameter ${k.slice(0, 40)}`);
    const fn = params.get("function");
    const base = { mode: config.authMode, twoPersonRule: config.twoPersonRule, approvalTtlMs: config.remediation.approvalTtlMs };
    if (!fn) {
      const identity = await authenticate(req, config, null);
      return json({ ...base, identity: { user: identity.user, groups: identity.groups, email: identity.email } });
    }
    const parts = fn.split("/");
    if (parts.length !== 3) throw refuse.badRequest("function must be cluster/namespace/name");
    const target = parseTarget({ cluster: parts[0], namespace: parts[1], name: parts[2] });
    const conn = getFleet().clusters.get(target.cluster);
    if (!conn) throw refuse.notFound(`no cluster named ${target.cluster.slice(0, 100)}`);
    const identity = await authenticate(req, config, conn.ctx);
    const permissions = await permissionsFor(conn.ctx, identity, target);
    const actions = Object.fromEntries(
      ACTION_VALUES.map((action: RemediationAction) => {
        const denied = ACTION_VERBS[action].map((v) => permissions[v]).find((p) => !p.allowed);
        return [action, denied ? { allowed: false, reason: denied.reason } : { allowed: true, reason: `Kubernetes allows ${ACTION_VERBS[action].join(" and ")}` }];
      }),
    );
    return json({
      ...base,
      identity: { user: identity.user, groups: identity.groups, email: identity.email },
      function: {
        id: fn,
        permissions: Object.fromEntries(Object.entries(permissions).map(([verb, p]) => [verb, { allowed: p.allowed, reason: p.reason }])),
        actions,
      },
    });
  }),
);
