import { readerOf } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { respondTagged } from "@/lib/server/http/cached-body";
import { filteredFunctionList, readFunctionList } from "@/lib/server/http/function-list";
import { apiError, handle, json } from "@/lib/server/http/respond";
import { changesSince } from "./since";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/functions?cluster=&namespace=&health=a,b&q=&sort=&order=&limit=&cursor= (ETag), or
 * ?since=<version> alone (the rows changed since then, ./since.ts).
 * Whoever may see every Function (local mode; in proxy mode a person who may list Functions
 * cluster-wide in every cluster) gets the answer kept per version of the rows
 * (lib/server/fleet/list-answer.ts); anyone else the rows of the namespaces they may list,
 * counted from those rows, made for the request (the decision: lib/server/http/function-list.ts).
 * In the standalone server the kept answers are mostly sent by the list fast lane in front of
 * Next.js (lib/server/http/list-fast-lane.ts), which makes the same decision with the same code;
 * this handler answers whatever the lane passes on.
 */
export const GET = handle(async (req: Request) => {
  const params = new URL(req.url).searchParams;
  if (params.has("since")) return sinceAnswer(req, params);
  const app = serverApp();
  const read = await readFunctionList(req, params, app);
  if (read.kind === "bad") return apiError(400, "bad_request", read.message);
  if (read.kind === "kept") return respondTagged(req, read.answer);
  const made = await filteredFunctionList(app, read.reader, read.query);
  return made.ok ? json(made.list) : apiError(400, "bad_request", made.message);
});

/** `?since=<version>` alone: the rows changed since that version (./since.ts). */
async function sinceAnswer(req: Request, params: URLSearchParams): Promise<Response> {
  const others = [...params.keys()].filter((k) => k !== "since");
  if (others.length || params.getAll("since").length > 1) return apiError(400, "bad_request", "since is given alone, once (a delta is of every row the reader may see)");
  const app = serverApp();
  const reader = await readerOf(req, app.config);
  const everything = await app.visibility.seesEverything(reader, app.fleet.clusters.keys());
  return changesSince(app, reader, params.get("since")!, everything);
}
