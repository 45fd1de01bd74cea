import { applyRowQuery, parseRowQuery } from "@/lib/domain/row-query";
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import { readerOf } from "@/lib/server/auth/reader";
import { accountsOf } from "@/lib/server/auth/visibility";
import { listAnswer } from "@/lib/server/fleet/list-answer";
import { serverApp } from "@/lib/server/holder";
import { respondTagged } from "@/lib/server/http/cached-body";
import { apiError, handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/functions?cluster=&namespace=&health=a,b&q=&sort=&order=&limit=&cursor= (ETag).
 * Whoever may see every Function (local mode; in proxy mode a person who may list Functions
 * cluster-wide in every cluster) gets the answer kept per version of the rows
 * (lib/server/fleet/list-answer.ts); anyone else the rows of the namespaces they may list,
 * counted from those rows, made for the request.
 */
export const GET = handle(async (req: Request) => {
  const parsed = parseRowQuery(new URL(req.url).searchParams);
  if (!parsed.ok) return apiError(400, "bad_request", parsed.message);
  const { fleet, live, visibility, config } = serverApp();
  const reader = await readerOf(req, config);
  const known = [...fleet.clusters.keys()];
  const unknown = (parsed.query.cluster ?? []).filter((c) => !known.includes(c));
  if (unknown.length) return apiError(400, "bad_request", `unknown cluster ${unknown.join(", ")} (known: ${known.join(", ")})`);
  if (await visibility.seesEverything(reader, known)) {
    const result = listAnswer(fleet, () => live.lastId, parsed.query);
    if (!result.ok) return apiError(400, "bad_request", result.message);
    return respondTagged(req, result.answer);
  }
  // Read before the rows: every change published up to here is in them (lib/client/fleet-store).
  const version = live.lastId;
  const rows = await visibility.filter(reader, fleet.rows(), (r) => r);
  const page = applyRowQuery(rows, parsed.query);
  if (!page.ok) return apiError(400, "bad_request", page.message);
  return json({
    generatedAt: new Date().toISOString(),
    clusters: fleet.clusterSummaries(rows),
    awsAccounts: reader ? accountsOf(fleet.awsAccounts(), rows) : fleet.awsAccounts(),
    items: page.items,
    total: page.total,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    version,
  } satisfies FunctionListResponse);
});
