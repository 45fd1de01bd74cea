import { parseRowQuery } from "@/lib/domain/row-query";
import { listAnswer } from "@/lib/server/fleet/list-answer";
import { serverApp } from "@/lib/server/holder";
import { respondTagged } from "@/lib/server/http/cached-body";
import { apiError, handle } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/functions?cluster=&namespace=&health=a,b&q=&sort=&order=&limit=&cursor= (gzip, ETag). */
export const GET = handle(async (req: Request) => {
  const parsed = parseRowQuery(new URL(req.url).searchParams);
  if (!parsed.ok) return apiError(400, "bad_request", parsed.message);
  const { fleet, live } = serverApp();
  const known = [...fleet.clusters.keys()];
  const unknown = (parsed.query.cluster ?? []).filter((c) => !known.includes(c));
  if (unknown.length) return apiError(400, "bad_request", `unknown cluster ${unknown.join(", ")} (known: ${known.join(", ")})`);
  const result = listAnswer(fleet, () => live.lastId, parsed.query);
  if (!result.ok) return apiError(400, "bad_request", result.message);
  return respondTagged(req, result.answer);
});
