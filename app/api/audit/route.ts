import { z } from "zod";
import { AuditFilterQuerySchema } from "@/lib/domain/audit-query";
import type { AuditList } from "@/lib/domain/wire/audit";
import { authenticate } from "@/lib/server/auth/authenticate";
import { asReader, seesAuditEntry } from "@/lib/server/auth/reader";
import { allAuditEntries, firstOf, take, visibleOnly } from "@/lib/server/export/text-stream";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";
import { parseBody } from "@/lib/server/remediation/body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const AuditQuerySchema = AuditFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(5000, "limit must be at most 5000").optional(),
});

/** How many entries one answer reads at most to find `limit` a filtered person may see. */
const MAX_SCANNED = 50_000;

/**
 * GET /api/audit?cluster=&namespace=&name=&user=&action=&outcome=&since=&until=&limit=
 * → {items: AuditEntry[]}, newest first. Read-only: the product has no way to edit or delete an entry.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const identity = await authenticate(req, app.config, null);
  const raw = Object.fromEntries([...new URL(req.url).searchParams.entries()].filter(([, v]) => v !== ""));
  const filter = parseBody(AuditQuerySchema, raw);
  const reader = asReader(identity);
  const limit = filter.limit ?? 500;
  if (!reader) return json({ items: await app.stores.audit.list({ ...filter, limit }) } satisfies AuditList);
  // Proxy mode: entries about Functions of namespaces this person may not list are left out
  // while paging, so a filtered person still gets `limit` entries when the log holds them;
  // bounded: at most MAX_SCANNED entries are read for one answer.
  const { limit: _ignored, ...unlimited } = filter;
  const pages = take(allAuditEntries(app.stores.audit, unlimited, Math.max(limit, 500)), MAX_SCANNED);
  const visible = visibleOnly(pages, (e) => seesAuditEntry(app.visibility, reader, e));
  return json({ items: await firstOf(visible, limit) } satisfies AuditList);
});
