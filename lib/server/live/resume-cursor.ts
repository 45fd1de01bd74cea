import "server-only";

/**
 * Event ids that mean the same on every replica (README "Several replicas"). A replica's own id
 * is `<epoch>-<seq>` (its ring of recent events); with a shared store it carries a cursor too:
 * `<epoch>-<seq>_<at>_<timeline>_<audit>` (base 36): when the event was published (ms) and the
 * store positions (timeline entry id, audit seq) up to which every entry had been sent. Another
 * replica reads the entries after those positions from the store, and the row changes from its
 * own ring since `at` (less a margin for clock skew and watch lag: a row is a state, sending one
 * again is harmless). An event replayed that way has no replica's epoch: `g-0_…`, so a client
 * that reconnects after it always resumes by its cursor.
 */
export interface StorePosition {
  timeline: number;
  audit: number;
}

export interface ResumeCursor {
  at: number;
  position: StorePosition;
}

export interface EventId {
  epoch: string;
  seq: number;
  cursor: ResumeCursor | null;
}

/** The epoch of events replayed by cursor: never a replica's own (those are 8 characters or more). */
export const CURSOR_EPOCH = "g";

const ID = /^([0-9a-z]{1,40})-(\d{1,15})(?:_([0-9a-z]{1,11})_([0-9a-z]{1,11})_([0-9a-z]{1,11}))?$/;

export function formatEventId(epoch: string, seq: number, cursor: ResumeCursor | null = null): string {
  if (!cursor) return `${epoch}-${seq}`;
  const b36 = (n: number) => Math.max(0, Math.floor(n)).toString(36);
  return `${epoch}-${seq}_${b36(cursor.at)}_${b36(cursor.position.timeline)}_${b36(cursor.position.audit)}`;
}

export function parseEventId(text: string): EventId | null {
  const m = ID.exec(text);
  if (!m) return null;
  const cursor = m[3] === undefined ? null : { at: parseInt(m[3], 36), position: { timeline: parseInt(m[4], 36), audit: parseInt(m[5], 36) } };
  return { epoch: m[1], seq: Number(m[2]), cursor };
}

/** Position a, component by component at or after b. */
export function reaches(a: StorePosition, b: StorePosition): boolean {
  return a.timeline >= b.timeline && a.audit >= b.audit;
}

export function later(a: StorePosition, b: StorePosition): StorePosition {
  return { timeline: Math.max(a.timeline, b.timeline), audit: Math.max(a.audit, b.audit) };
}
