import { AuditFilterQuerySchema } from "@/lib/domain/audit-query";
import { AUDIT_COLUMNS, auditCells } from "@/lib/domain/export/csv";
import { readerOf, seesAuditEntry } from "@/lib/server/auth/reader";
import { download, tableBody, takeTableFormat } from "@/lib/server/export/download";
import { allAuditEntries, visibleOnly } from "@/lib/server/export/text-stream";
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
  const reader = await readerOf(req, app.config);
  const params = new URL(req.url).searchParams;
  const format = takeTableFormat(params);
  const filter = parseBody(AuditFilterQuerySchema, Object.fromEntries([...params.entries()].filter(([, v]) => v !== "")));
  // Proxy mode: entries about Functions of namespaces this person may not list are left out, as in GET /api/audit.
  const entries = visibleOnly(allAuditEntries(app.stores.audit, filter), (e) => seesAuditEntry(app.visibility, reader, e));
  return download(tableBody(format, entries, { columns: AUDIT_COLUMNS, cells: auditCells }), "ack-lambda-audit", format, new Date());
});
