import "server-only";
import { listedRowWire, type FunctionDeltaResponseWire, type ListedRowWire } from "@/lib/domain/wire/fleet";
import type { Identity } from "@/lib/server/auth/identity";
import { accountsOf } from "@/lib/server/auth/visibility";
import type { ServerApp } from "@/lib/server/app";
import { apiError, json } from "@/lib/server/http/respond";
import { parseEventId } from "@/lib/server/live/resume-cursor";

/**
 * GET /api/functions?since=<version>: the rows changed since `version` (the list's or a delta's
 * `version`, or a stream event id), so that a browser whose stream broke, or which polls, does
 * not load the whole fleet again. The live hub knows which Functions its row events named since
 * then (the same replay a reconnecting stream gets, lib/server/live/live-hub.ts); each is sent
 * as it is now (or as removed). When the hub cannot tell (another process's version, older than
 * the events it keeps, or a relist reset in between) the answer is 410 `delta_unavailable` and
 * the browser loads the list in pages instead.
 */
export async function changesSince(
  app: Pick<ServerApp, "fleet" | "live" | "visibility">,
  reader: Identity | null,
  since: string,
  seesEverything: boolean,
): Promise<Response> {
  if (since.length > 300 || !parseEventId(since)) return apiError(400, "bad_request", "since must be a version given by this API (`version` of a list or a delta)");
  const { fleet, live, visibility } = app;
  // Read before the rows: every change published up to here is in them (as in the list).
  const version = live.lastId;
  const replay = await live.replay(since);
  if ("reset" in replay) return apiError(410, "delta_unavailable", `no delta since ${since}: ${replay.reset}; load the list again`);
  if (replay.events.some((e) => e.type === "reset")) return apiError(410, "delta_unavailable", `no delta since ${since}: the fleet was relisted since; load the list again`);
  const places = new Map<string, { cluster: string; namespace: string }>();
  for (const e of replay.events) if (e.type === "row" && e.functionId && e.place) places.set(e.functionId, e.place);
  const shown = seesEverything ? [...places.keys()] : (await visibility.filter(reader, [...places], ([, place]) => place)).map(([id]) => id);
  const changed: ListedRowWire[] = [];
  const removed: string[] = [];
  for (const id of shown) {
    const row = fleet.index.get(id);
    if (row) changed.push(listedRowWire(row));
    else removed.push(id);
  }
  const rows = seesEverything ? fleet.rows() : await visibility.filter(reader, fleet.rows(), (r) => r);
  return json({
    generatedAt: new Date().toISOString(),
    since,
    version,
    clusters: seesEverything ? fleet.clusterSummaries() : fleet.clusterSummaries(rows),
    awsAccounts: seesEverything ? fleet.awsAccounts() : accountsOf(fleet.awsAccounts(), rows),
    changed,
    removed,
    total: rows.length,
  } satisfies FunctionDeltaResponseWire);
}
