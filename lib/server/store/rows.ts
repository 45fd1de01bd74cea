import "server-only";
import { randomUUID } from "node:crypto";
import { isStateKind, type NewTimelineEntry } from "@/lib/domain/timeline/entry";
import { TimelineEntrySchema, type TimelineEntry } from "@/lib/domain/wire/timeline";
import type { AuditEntry, NewAuditEntry } from "./audit";

/**
 * The rows of the stores' tables and how entries map to them: one mapping for SQLite and
 * PostgreSQL (same tables, same columns; JSON as text, times as epoch milliseconds). PostgreSQL
 * hands BIGINT columns back as strings: every number goes through Number().
 */
type Int = number | string;

export interface EntryRow {
  id: Int;
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  at: Int;
  observed_at: Int;
  kind: string;
  lane: string;
  value: string | null;
  reason: string | null;
  message: string | null;
  source: string;
  detail: string | null;
}

export const ENTRY_COLUMNS = "id, cluster, namespace, name, uid, at, observed_at, kind, lane, value, reason, message, source, detail";

export function entryParams(e: NewTimelineEntry) {
  return {
    key: e.key,
    cluster: e.cluster,
    namespace: e.namespace,
    name: e.name,
    uid: e.uid,
    at: Date.parse(e.at),
    observedAt: Date.parse(e.observedAt),
    kind: e.kind,
    lane: e.lane,
    isState: isStateKind(e.kind) ? 1 : 0,
    value: e.value,
    reason: e.reason,
    message: e.message,
    source: e.source,
    detail: e.detail === null ? null : JSON.stringify(e.detail),
  };
}

export function storedEntry(e: NewTimelineEntry, id: Int): TimelineEntry {
  const { key: _key, ...rest } = e;
  void _key;
  return { ...rest, id: String(id), at: new Date(Date.parse(e.at)).toISOString() };
}

/** Rows are parsed against the wire schema: a row that does not fit is left out, never sent. */
export function entryFromRow(r: EntryRow): TimelineEntry | null {
  const parsed = TimelineEntrySchema.safeParse({
    id: String(r.id),
    cluster: r.cluster,
    namespace: r.namespace,
    name: r.name,
    uid: r.uid,
    at: new Date(Number(r.at)).toISOString(),
    observedAt: new Date(Number(r.observed_at)).toISOString(),
    kind: r.kind,
    lane: r.lane,
    value: r.value,
    reason: r.reason,
    message: r.message,
    source: r.source,
    detail: json<unknown>(r.detail, null),
  });
  return parsed.success ? parsed.data : null;
}

export interface AuditRow {
  seq?: Int;
  id: string;
  at: Int;
  request_id: string;
  phase: string;
  actor_user: string;
  actor_groups: string;
  cluster: string;
  namespace: string;
  name: string;
  uid: string | null;
  action: string;
  reason: string;
  preconditions: string;
  dry_run: string | null;
  outcome: string | null;
  error: string | null;
  status: Int | null;
}

export const AUDIT_COLUMNS = "id, at, request_id, phase, actor_user, actor_groups, cluster, namespace, name, uid, action, reason, preconditions, dry_run, outcome, error, status";

/** A new audit entry with its id and time, and its row's values in AUDIT_COLUMNS order. */
export function newAuditRow(input: NewAuditEntry, now: number): { entry: AuditEntry; values: Array<string | number | null> } {
  const atMs = input.at === undefined ? now : Date.parse(input.at);
  if (!Number.isFinite(atMs)) throw new Error(`audit entry time is not a timestamp: ${String(input.at).slice(0, 40)}`);
  const entry: AuditEntry = { ...input, id: randomUUID(), at: new Date(atMs).toISOString() };
  const values = [
    entry.id,
    atMs,
    entry.requestId,
    entry.phase,
    entry.actor.user,
    JSON.stringify(entry.actor.groups),
    entry.cluster,
    entry.namespace,
    entry.name,
    entry.uid,
    entry.action,
    entry.reason,
    JSON.stringify(entry.preconditions ?? {}),
    entry.dryRun === null || entry.dryRun === undefined ? null : JSON.stringify(entry.dryRun),
    entry.outcome,
    entry.error,
    entry.status,
  ];
  return { entry, values };
}

export function auditFromRow(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: new Date(Number(r.at)).toISOString(),
    requestId: r.request_id,
    phase: r.phase as AuditEntry["phase"],
    actor: { user: r.actor_user, groups: json<string[]>(r.actor_groups, []) },
    cluster: r.cluster,
    namespace: r.namespace,
    name: r.name,
    uid: r.uid,
    action: r.action as AuditEntry["action"],
    reason: r.reason,
    preconditions: json<AuditEntry["preconditions"]>(r.preconditions, {}),
    dryRun: json<unknown>(r.dry_run, null),
    outcome: r.outcome as AuditEntry["outcome"],
    error: r.error,
    status: r.status === null ? null : Number(r.status),
  };
}

export function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
