import "server-only";
import { FunctionListResponseSchema, SERVER_RENDERED_ROWS, type FunctionListResponse } from "@/lib/domain/wire/fleet";
import type { ServerApp } from "../app";
import { AuthError } from "../auth/identity";
import { logEvent } from "../log";
import { filteredFunctionList, readFunctionList } from "./function-list";

/** A first page of the rows a screen shows (the store goes on from its cursor). */
const FIRST_PAGE_QUERY = `limit=${SERVER_RENDERED_ROWS}`;

/**
 * The overview's first page of rows for the person whose page request carries `headers`, made
 * while the page renders (app/page.tsx) so that its HTML holds the rows and the browser need
 * not ask for them after its scripts ran: the very answer of `GET /api/functions?limit=50`
 * (SERVER_RENDERED_ROWS: a screen's rows; the fleet store goes on from its cursor), decided by
 * the same code (readFunctionList:
 * the caller's identity from the same headers; the kept answer only for a reader who sees
 * every Function, otherwise the rows of the namespaces they may list).
 *
 * With it, `renderedAt`: the time the page's ages are rendered at, on the server and in the
 * browser's hydration (lib/client/use-now.ts).
 *
 * null when there is no answer to give: the reader is not authenticated (the browser's own
 * request then gets the 401 and says so), the app is not up, or anything failed; the page then
 * loads its rows from the browser as it did before.
 */
export async function firstPageFor(headers: Headers, app: Pick<ServerApp, "fleet" | "live" | "visibility" | "config">): Promise<{ page: FunctionListResponse; renderedAt: number } | null> {
  const page = await firstPageOf(headers, app);
  return page ? { page, renderedAt: Date.now() } : null;
}

async function firstPageOf(headers: Headers, app: Pick<ServerApp, "fleet" | "live" | "visibility" | "config">): Promise<FunctionListResponse | null> {
  try {
    const params = new URLSearchParams(FIRST_PAGE_QUERY);
    const req = new Request(`http://localhost/api/functions?${FIRST_PAGE_QUERY}`, { headers });
    const read = await readFunctionList(req, params, app);
    if (read.kind === "bad") return null;
    // The rows as the list sends them (lib/domain/wire/fleet.ts, listedRowWire), made whole
    // again as the browser's store reads them.
    if (read.kind === "kept") return FunctionListResponseSchema.parse(JSON.parse(Buffer.concat(read.answer.json).toString("utf8")));
    const made = await filteredFunctionList(app, read.reader, read.query);
    return made.ok ? FunctionListResponseSchema.parse(made.list) : null;
  } catch (err) {
    if (!(err instanceof AuthError)) logEvent("warn", "overview: the first page of rows was not rendered with the page", { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
