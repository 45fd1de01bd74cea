/**
 * Query parameters of GET /api/functions/{cluster}/{namespace}/{name}/timeline
 * (README, "HTTP API"): `since` and `until` as ISO 8601 times or epoch milliseconds, and an
 * optional `limit`. Pure; bad input gives a message for a 400, never an exception.
 */
import { z } from "zod";

export const MAX_TIMELINE_LIMIT = 20_000;

const time = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(40, "is too long")
  .transform((v, ctx) => {
    const ms = /^\d{1,15}$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: `is not an ISO 8601 time or epoch milliseconds: "${v}"` });
      return z.NEVER;
    }
    return ms;
  });

const QuerySchema = z
  .object({
    since: time.optional(),
    until: time.optional(),
    limit: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(MAX_TIMELINE_LIMIT, `must be at most ${MAX_TIMELINE_LIMIT}`).optional(),
  })
  .strict()
  .refine((q) => q.since === undefined || q.until === undefined || q.since <= q.until, { message: "since must not be after until", path: ["since"] });

export interface TimelineQueryParams {
  since?: number;
  until?: number;
  limit?: number;
}

export type ParsedTimelineQuery = { ok: true; query: TimelineQueryParams } | { ok: false; message: string };

export function parseTimelineQuery(params: URLSearchParams): ParsedTimelineQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in raw) return { ok: false, message: `query parameter ${k.slice(0, 40)} is given twice` };
    raw[k] = v;
  }
  const parsed = QuerySchema.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    return { ok: false, message: `unknown query parameter ${issue.keys.map((k) => k.slice(0, 40)).join(", ")} (known: since, until, limit)` };
  }
  return { ok: false, message: `${issue.path.join(".") || "query"} ${issue.message}` };
}
