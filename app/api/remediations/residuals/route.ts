import { authenticate } from "@/lib/server/auth/authenticate";
import { getConfig } from "@/lib/server/config";
import { handle, json } from "@/lib/server/http/respond";
import { getRemediation } from "@/lib/server/remediation/instance";
import { refuse } from "@/lib/server/remediation/errors";
import { parseTarget, remediationRoute } from "@/lib/server/remediation/http";
import { findResiduals } from "@/lib/server/remediation/residuals";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/remediations/residuals[?function=cluster/namespace/name]: AWS functions that a
 * finalizer removal (or retain-and-delete) left behind and that still exist, re-read in AWS now,
 * each with delete-aws-function's eligibility. The last step of the runbook.
 */
export const GET = handle(async (req: Request) =>
  remediationRoute(async () => {
    await authenticate(req, getConfig(), null);
    const params = new URL(req.url).searchParams;
    for (const k of params.keys()) if (k !== "function") throw refuse.badRequest(`unknown query parameter ${k.slice(0, 40)}`);
    const fn = params.get("function");
    let filter = {};
    if (fn) {
      const parts = fn.split("/");
      if (parts.length !== 3) throw refuse.badRequest("function must be cluster/namespace/name");
      filter = parseTarget({ cluster: parts[0], namespace: parts[1], name: parts[2] });
    }
    const service = getRemediation();
    const items = await findResiduals(service.world, service.audit, filter);
    return json({ items });
  }),
);
