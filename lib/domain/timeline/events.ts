/**
 * Timeline entries from the other two sources: core/v1 Events about a Function (watched by
 * the recorder, kept long after the API server drops them, --event-ttl default 1 h) and the
 * remediation audit log. Pure: the input is untrusted cluster data and never throws.
 */
import { ACK_GROUP, FUNCTION_KIND } from "../ack";
import { TEXT_LIMIT, field, isRecord, parseTime, safeText, safeToken } from "../safe-values";
import type { AuditEntry } from "../wire/audit";
import { LANE, type NewTimelineEntry } from "./entry";
import type { TimelineEntry } from "../wire/timeline";

/**
 * One entry per occurrence: an Event object counts its repeats (`count`, or `series.count` for
 * events.k8s.io/v1), so (event uid, count) names one occurrence; a relist sees the same ones.
 */
export function eventToEntry(cluster: string, event: unknown, observedAt: number): NewTimelineEntry | null {
  if (!isRecord(event)) return null;
  const io = field(event, "involvedObject");
  const meta = field(event, "metadata");
  if (!isRecord(io) || field(io, "kind") !== FUNCTION_KIND) return null;
  const apiVersion = field(io, "apiVersion");
  if (typeof apiVersion === "string" && apiVersion !== "" && !apiVersion.startsWith(`${ACK_GROUP}/`)) return null;
  const name = safeToken(field(io, "name"), TEXT_LIMIT.name);
  const namespace = safeToken(field(io, "namespace"), 63) ?? safeToken(field(meta, "namespace"), 63);
  const eventUid = safeToken(field(meta, "uid")) ?? safeToken(field(meta, "name"), TEXT_LIMIT.name);
  if (!name || !namespace || !eventUid) return null;
  const series = field(event, "series");
  const at =
    parseTime(field(event, "lastTimestamp")) ??
    parseTime(field(series, "lastObservedTime")) ??
    parseTime(field(event, "eventTime")) ??
    parseTime(field(event, "firstTimestamp")) ??
    parseTime(field(meta, "creationTimestamp")) ??
    observedAt;
  const countRaw = field(event, "count") ?? field(series, "count");
  const count = typeof countRaw === "number" && Number.isSafeInteger(countRaw) && countRaw > 0 ? countRaw : 1;
  const source = field(event, "source");
  const component = safeToken(field(source, "component"), 256) ?? safeToken(field(event, "reportingComponent"), 256);
  const type = safeToken(field(event, "type"), 32) ?? "Normal";
  return {
    key: `${cluster}/event/${eventUid}/${count}`,
    cluster,
    namespace,
    name,
    uid: safeToken(field(io, "uid")) ?? "",
    at: new Date(Math.min(at, observedAt)).toISOString(),
    observedAt: new Date(observedAt).toISOString(),
    kind: "event",
    lane: LANE.event,
    value: type,
    reason: safeText(field(event, "reason"), 256),
    message: safeText(field(event, "message"), TEXT_LIMIT.message),
    source: "observed",
    detail: { count, component, firstTimestamp: safeText(field(event, "firstTimestamp"), 40) },
  };
}

/** The audit log entry as far as the timeline needs it. */
export type AuditLike = Pick<AuditEntry, "id" | "at" | "requestId" | "phase" | "cluster" | "namespace" | "name" | "uid" | "action" | "reason" | "outcome" | "error" | "status"> & {
  actor: Pick<AuditEntry["actor"], "user">;
};

/** A remediation marker: what was done (action), the phase and outcome, by whom and why. */
export function auditToEntry(a: AuditLike): TimelineEntry {
  const outcome = a.outcome ? `${a.phase}: ${a.outcome}` : a.phase;
  return {
    id: `audit:${a.id}`,
    cluster: a.cluster,
    namespace: a.namespace,
    name: a.name,
    uid: a.uid ?? "",
    at: a.at,
    observedAt: a.at,
    kind: "remediation",
    lane: LANE.remediation,
    value: a.action,
    reason: outcome,
    message: [`${a.actor.user}: ${a.reason}`, a.error ? `error: ${a.error}` : null].filter(Boolean).join("\n"),
    source: "observed",
    detail: { user: a.actor.user, phase: a.phase, outcome: a.outcome, requestId: a.requestId, status: a.status },
  };
}
