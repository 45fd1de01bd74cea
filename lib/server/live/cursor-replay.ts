import "server-only";
import type { ClustersEvent, TimelineEvent } from "@/lib/domain/wire/stream";
import type { LiveEvent, LiveHubOptions, Replay } from "./live-hub";
import { CURSOR_EPOCH, formatEventId, later, reaches, type ResumeCursor, type StorePosition } from "./resume-cursor";
import { storeGap, type ResumeSource } from "./store-replay";

/**
 * Resuming a stream by its cursor (./resume-cursor.ts), on whichever replica the client reached:
 * - the timeline and audit entries after the cursor's store positions, up to what this hub has
 *   sent, read from the store (each once: the positions are exact);
 * - every Function whose row changed here since the cursor's time (less `resumeSkewMs`), its
 *   latest row (a row is a state: one sent twice is harmless, one missed is not);
 * - the cluster summaries as they are now.
 * Then the live events, less the entries the client already has (this replica's feed may be
 * behind the one that served it). A reset instead when this replica cannot know what the client
 * missed: it started after that time, its ring no longer reaches back to it, a reset went out
 * since, or more than `resumeLimit` entries were missed.
 */
export interface CursorReplayState {
  ring: readonly LiveEvent[];
  createdAt: number;
  droppedAt: number;
  now: number;
  source: ResumeSource;
  clusters(): ClustersEvent;
  opts: Pick<LiveHubOptions, "resumeSkewMs" | "resumeLimit">;
}

const cursorId = (at: number, position: StorePosition) => formatEventId(CURSOR_EPOCH, 0, { at, position });

export function replayByCursor(c: ResumeCursor, s: CursorReplayState): Replay | Promise<Replay> {
  const since = c.at - (s.opts.resumeSkewMs ?? 5_000);
  if (s.createdAt > since) return { reset: "this replica started after the last event: it cannot tell what changed before it started" };
  if (s.droppedAt >= since) return { reset: "the events since the Last-Event-ID are no longer kept" };
  const window = s.ring.filter((e) => e.at >= since);
  if (window.some((e) => e.type === "reset")) return { reset: "the fleet was reloaded since the Last-Event-ID" };
  const rows = new Map<string, LiveEvent>();
  for (const e of window) {
    if (e.type !== "row" || !e.functionId) continue;
    rows.delete(e.functionId);
    rows.set(e.functionId, e);
  }
  // Taken now, with the caller's subscription: what follows comes live.
  const to = s.source.handed();
  const snapshotAt = s.now;
  const clusters = s.clusters();
  const floor = c.position;
  const end = later(floor, to);
  return storeGap(s.source, floor, to, s.opts.resumeLimit ?? 5_000).then((gap): Replay => {
    if ("tooMany" in gap) return { reset: "too many entries were missed since the Last-Event-ID" };
    const events: LiveEvent[] = [];
    for (const run of gap.runs) {
      const first = run.entries[0];
      const data: TimelineEvent = { functionId: run.functionId, entries: run.entries };
      events.push({ id: cursorId(c.at, run.position), seq: 0, type: "timeline", data: JSON.stringify(data), at: c.at, place: { cluster: first.cluster, namespace: first.namespace }, position: run.position });
    }
    // After the entries: a client cut off among the rows comes back with every entry up to `end`.
    for (const row of rows.values()) events.push({ ...row, id: cursorId(c.at, end), position: end });
    events.push({ id: cursorId(snapshotAt, end), seq: 0, type: "clusters", data: JSON.stringify(clusters), at: snapshotAt, position: end });
    return { events, live: aboveFloor(floor), helloId: cursorId(snapshotAt, end) };
  });
}

/**
 * The live events less the entries at or below the floor; their ids say the client has both.
 * Positions only grow: once an event reaches the floor, every later one starts beyond it.
 */
function aboveFloor(floor: StorePosition): (e: LiveEvent) => LiveEvent | null {
  let passed = false;
  return (e) => {
    if (passed || !e.position) return e;
    passed = reaches(e.position, floor);
    let shown: LiveEvent | null = e;
    if (e.type === "timeline" && e.span === "audit" && e.position.audit <= floor.audit) shown = null;
    else if (e.type === "timeline" && e.span === "timeline") {
      const data = JSON.parse(e.data) as TimelineEvent;
      const entries = data.entries.filter((x) => Number(x.id) > floor.timeline);
      shown = entries.length === 0 ? null : entries.length === data.entries.length ? e : { ...e, data: JSON.stringify({ ...data, entries }) };
    }
    return shown && (passed ? shown : { ...shown, id: cursorId(e.at, later(e.position, floor)) });
  };
}
