import { OVERVIEW_COLUMNS, overviewCells } from "@/lib/domain/export/csv";
import { applyRowQuery, parseRowQuery } from "@/lib/domain/row-query";
import { readerOf } from "@/lib/server/auth/reader";
import { download, tableBody, takeTableFormat } from "@/lib/server/export/download";
import { serverApp } from "@/lib/server/holder";
import { HttpError } from "@/lib/server/http/errors";
import { handle } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/export/functions?format=csv|json&cluster=&namespace=&health=&q=&sort=&order=: the
 * overview's rows as its filters select them, every one (no page limit), in its order, streamed.
 * CSV has one line per Function (lib/domain/export/csv.ts); JSON is the array of rows as
 * GET /api/functions gives them.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const reader = await readerOf(req, app.config);
  const params = new URL(req.url).searchParams;
  const format = takeTableFormat(params);
  for (const k of ["limit", "cursor"]) if (params.has(k)) throw new HttpError(400, "bad_request", `${k} does not apply to an export: it holds every row`);
  const parsed = parseRowQuery(params);
  if (!parsed.ok) throw new HttpError(400, "bad_request", parsed.message);
  // Proxy mode: only the namespaces this person may list, as in GET /api/functions.
  const rows = await app.visibility.filter(reader, app.fleet.rows(), (r) => r);
  const page = applyRowQuery(rows, { ...parsed.query, limit: rows.length + 1 });
  if (!page.ok) throw new HttpError(400, "bad_request", page.message);
  return download(tableBody(format, page.items, { columns: OVERVIEW_COLUMNS, cells: overviewCells }), "ack-lambda-functions", format, new Date());
});
