import { z } from "zod";
import { AuditFilterQuerySchema } from "@/lib/domain/audit-query";
import type { AuditList } from "@/lib/domain/wire/audit";
import { authenticate } from "@/lib/server/auth/authenticate";
import { asReader, seesAuditEntry } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";
import { parseBody } from "@/lib/server/remediation/body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const AuditQuerySchema = AuditFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(5000, "limit must be at most 5000").optional(),
});

/**
 * GET /api/audit?cluster=&namespace=&name=&user=&action=&outcome=&since=&until=&limit=
 * → {items: AuditEntry[]}, newest first. Read-only: the product has no way to edit or delete an entry.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const identity = await authenticate(req, app.config, null);
  const raw = Object.fromEntries([...new URL(req.url).searchParams.entries()].filter(([, v]) => v !== ""));
  const filter = parseBody(AuditQuerySchema, raw);
  // Proxy mode: entries about Functions of namespaces this person may not list are left out.
  const reader = asReader(identity);
  const listed = await app.stores.audit.list({ ...filter, limit: filter.limit ?? 500 });
  const seen = await Promise.all(listed.map((e) => seesAuditEntry(app.visibility, reader, e)));
  const items = listed.filter((_, i) => seen[i]);
  return json({ items } satisfies AuditList);
});
