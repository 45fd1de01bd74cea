import "server-only";
import { applyRowQuery, parseRowQuery, type RowQuery } from "@/lib/domain/row-query";
import { listedRowWire, type FunctionListResponseWire } from "@/lib/domain/wire/fleet";
import type { ServerApp } from "../app";
import { readerOf } from "../auth/reader";
import type { Identity } from "../auth/identity";
import type { HeaderReader } from "./header-view";
import { accountsOf } from "../auth/visibility";
import { listAnswer, type ListAnswer } from "../fleet/list-answer";

/**
 * The decision of `GET /api/functions` (without `?since=`) before any body is made, shared by
 * the route handler (app/api/functions/route.ts) and the list fast lane (./list-fast-lane.ts):
 * - a query that is not valid, or names a cluster that is not known: 400 with `message`;
 * - whoever may see every Function (local mode; in proxy mode a person who may list Functions
 *   cluster-wide in every cluster, the one `seesEverything` decision): the answer kept per
 *   version of the rows (lib/server/fleet/list-answer.ts);
 * - anyone else: the rows of the namespaces they may list, made for the request by the route.
 * The query is checked before the reader is authenticated (a 400 before a 401), as it always was.
 */
export type FunctionListRead =
  | { kind: "bad"; message: string }
  | { kind: "kept"; answer: ListAnswer }
  | { kind: "filtered"; reader: Identity | null; query: RowQuery };

export async function readFunctionList(req: { readonly headers: HeaderReader }, params: URLSearchParams, app: Pick<ServerApp, "fleet" | "live" | "visibility" | "config">): Promise<FunctionListRead> {
  const parsed = parsedRowQuery(params);
  if (!parsed.ok) return { kind: "bad", message: parsed.message };
  const { fleet, live, visibility, config } = app;
  const reader = await readerOf(req, config);
  const known = [...fleet.clusters.keys()];
  const unknown = (parsed.query.cluster ?? []).filter((c) => !known.includes(c));
  if (unknown.length) return { kind: "bad", message: `unknown cluster ${unknown.join(", ")} (known: ${known.join(", ")})` };
  if (!(await visibility.seesEverything(reader, known))) return { kind: "filtered", reader, query: parsed.query };
  const result = listAnswer(fleet, () => live.lastId, parsed.query);
  return result.ok ? { kind: "kept", answer: result.answer } : { kind: "bad", message: result.message };
}

/**
 * parseRowQuery() (zod) of a query text seen lately: 32 clients polling a few queries ask the
 * same texts over and over, and the parse cost ~0.1 ms of the one event loop per answer of
 * ~2 ms (profiled under the list load). The result is pure and frozen (shared by the requests
 * that ask the same text); at most `PARSED_QUERIES` texts are kept, the oldest dropped first.
 */
export const PARSED_QUERIES = 64;
const parsedQueries = new Map<string, ReturnType<typeof parseRowQuery>>();
export function parsedRowQuery(params: URLSearchParams): ReturnType<typeof parseRowQuery> {
  const text = params.toString();
  let parsed = parsedQueries.get(text);
  if (parsed) return parsed;
  parsed = parseRowQuery(params);
  if (parsed.ok) {
    for (const v of Object.values(parsed.query)) if (Array.isArray(v)) Object.freeze(v);
    Object.freeze(parsed.query);
  }
  Object.freeze(parsed);
  if (parsedQueries.size >= PARSED_QUERIES) parsedQueries.delete(parsedQueries.keys().next().value!);
  parsedQueries.set(text, parsed);
  return parsed;
}

/**
 * The answer for a reader who sees less than every Function (`filtered` above): the rows of the
 * namespaces they may list, counted from those rows, made for the request.
 */
export async function filteredFunctionList(
  app: Pick<ServerApp, "fleet" | "live" | "visibility">,
  reader: Identity | null,
  query: RowQuery,
): Promise<{ ok: true; list: FunctionListResponseWire } | { ok: false; message: string }> {
  const { fleet, live, visibility } = app;
  // Read before the rows: every change published up to here is in them (lib/client/fleet-store).
  const version = live.lastId;
  const rows = await visibility.filter(reader, fleet.rows(), (r) => r);
  const page = applyRowQuery(rows, query);
  if (!page.ok) return { ok: false, message: page.message };
  return {
    ok: true,
    list: {
      generatedAt: new Date().toISOString(),
      clusters: fleet.clusterSummaries(rows),
      awsAccounts: reader ? accountsOf(fleet.awsAccounts(), rows) : fleet.awsAccounts(),
      items: page.items.map(listedRowWire),
      total: page.total,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      version,
    },
  };
}
