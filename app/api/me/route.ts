import { ACTION_VALUES, type RemediationAction } from "@/lib/domain/remediation/actions";
import type { Me } from "@/lib/domain/wire/me";
import { authenticate } from "@/lib/server/auth/authenticate";
import { permissionsFor } from "@/lib/server/auth/permissions";
import { asReader, requireVisible } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { onlyParams, parseFunctionParam } from "@/lib/server/http/function-target";
import { handle, json } from "@/lib/server/http/respond";
import { refuse } from "@/lib/server/remediation/errors";
import { ACTION_VERBS } from "@/lib/server/remediation/prepare";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/me[?function=cluster/namespace/name]: who the dashboard thinks you are, and, for one
 * Function, what Kubernetes lets you do to it (the same access reviews the write path runs),
 * per verb and per remediation action. The UI disables what you may not do, with the reason.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const { config } = app;
  const params = new URL(req.url).searchParams;
  onlyParams(params, ["function"]);
  const fn = params.get("function");
  const base = { mode: config.authMode, twoPersonRule: config.twoPersonRule, approvalTtlMs: config.remediation.approvalTtlMs };
  if (!fn) {
    const identity = await authenticate(req, config, null);
    return json({ ...base, identity: { user: identity.user, groups: identity.groups, email: identity.email } } satisfies Me);
  }
  const target = parseFunctionParam(fn);
  const conn = app.fleet.clusters.get(target.cluster);
  if (!conn) throw refuse.notFound(`no cluster named ${target.cluster.slice(0, 100)}`);
  const identity = await authenticate(req, config, conn.ctx);
  await requireVisible(app.visibility, asReader(identity), target, `no Function ${fn.slice(0, 400)}`);
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
      actions: actions as NonNullable<Me["function"]>["actions"],
    },
  } satisfies Me);
});
