import { authenticate } from "@/lib/server/auth/authenticate";
import { asReader } from "@/lib/server/auth/reader";
import type { ResidualList } from "@/lib/domain/wire/remediation";
import { serverApp } from "@/lib/server/holder";
import { onlyParams, parseFunctionParam } from "@/lib/server/http/function-target";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/remediations/residuals[?function=cluster/namespace/name]: AWS functions that a
 * finalizer removal (or retain-and-delete) left behind and that still exist, re-read in AWS now,
 * each with delete-aws-function's eligibility. The last step of the runbook.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const identity = await authenticate(req, app.config, null);
  const params = new URL(req.url).searchParams;
  onlyParams(params, ["function"]);
  const fn = params.get("function");
  const found = await app.remediation.residuals.find(fn ? parseFunctionParam(fn) : {});
  const items = await app.visibility.filter(asReader(identity), found, (r) => r.target);
  return json({ items } satisfies ResidualList);
});
