import { AuditFilterQuerySchema } from "@/lib/domain/audit-query";
import { AUDIT_COLUMNS, auditCells, csvLine } from "@/lib/domain/export/csv";
import { authenticate } from "@/lib/server/auth/authenticate";
import { download, jsonArray, tableFormat } from "@/lib/server/export/download";
import { allAuditEntries, chunked, textStream } from "@/lib/server/export/text-stream";
import { serverApp } from "@/lib/server/holder";
import { handle } from "@/lib/server/http/respond";
import { parseBody } from "@/lib/server/remediation/body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/export/audit?format=csv|json&cluster=&namespace=&name=&user=&action=&outcome=&since=&until=:
 * every audit entry the filters match (GET /api/audit stops at 5,000), newest first, read from
 * the store a page at a time as the download proceeds.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  await authenticate(req, app.config, null);
  const params = new URL(req.url).searchParams;
  const format = tableFormat(params);
  params.delete("format");
  const filter = parseBody(AuditFilterQuerySchema, Object.fromEntries([...params.entries()].filter(([, v]) => v !== "")));
  const entries = allAuditEntries(app.stores.audit, filter);
  const body =
    format === "csv"
      ? textStream((function* () {
          yield csvLine(AUDIT_COLUMNS);
          yield* chunked(entries, (e) => csvLine(auditCells(e)));
        })())
      : textStream(jsonArray(entries));
  return download(body, "ack-lambda-audit", format, new Date());
});
