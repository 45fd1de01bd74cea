/**
 * What changed about a Function since the last time the recorder looked: pure, given the last
 * snapshot, the current facts and the live AWS state, it returns the new timeline entries and
 * the next snapshot. The recorder stores both in one transaction, so a restart resumes from
 * exactly what was recorded and neither loses nor repeats a change.
 *
 * Rules (docs/architecture.md "The timeline"):
 * - conditions are compared on (status, reason, message), not on lastTransitionTime: the ACK
 *   runtime re-stamps lastTransitionTime on every Set call (runtime pkg/condition), which is
 *   not a change an operator cares about;
 * - on first sight, current values are seeded from the times the object carries
 *   (lastTransitionTime, status.lastModified, creationTimestamp, deletionTimestamp) and marked
 *   `reconstructed`; an object first seen within FRESH_MS of its creation is simply observed;
 * - an observed entry's time is the object's own time for the change when it has one
 *   (lastTransitionTime of a new status, deletionTimestamp), clamped between the previous
 *   entry and the moment of observation, so entries keep the order in which they were seen.
 */
import type { ConditionsSeen } from "../conditions-seen";
import type { FunctionFacts } from "../function-object";
import { parseTime } from "../safe-values";
import type { AwsState } from "../wire/fleet";
import { AWS_NOT_FOUND, LANE, type NewTimelineEntry } from "./entry";
import type { TimelineKind, TimelineSource } from "../wire/timeline";
import { chainKey } from "./key";

export interface LaneState {
  value: string | null;
  reason: string | null;
  message: string | null;
  /** Key of the entry that set this state (the next entry of the lane chains from it). */
  key: string;
  /** Epoch ms of that entry. */
  at: number;
  /** Epoch ms since when `value` holds (a reason or message change keeps it). */
  since: number;
}

export interface FunctionSnapshot {
  version: 1;
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  /**
   * metadata.creationTimestamp. Immutable in Kubernetes, so with the uid it names one object
   * even where uids repeat (a simulated or restored cluster created again from the same seed).
   * Absent in snapshots written before it was recorded.
   */
  created?: string | null;
  lanes: Record<string, LaneState>;
  generation: number | null;
  deletionTimestamp: string | null;
  finalizers: string[];
  /** Epoch ms of the latest entry recorded from the object (the clamp's lower bound). */
  lastAt: number;
  gone: boolean;
}

export interface Observation {
  entries: NewTimelineEntry[];
  snapshot: FunctionSnapshot;
}

/** The same object as the snapshot's (same uid, and same creation when both are known). */
export function sameObject(snap: FunctionSnapshot, facts: FunctionFacts): boolean {
  return snap.uid === facts.uid && (snap.created === undefined || snap.created === facts.creationTimestamp);
}

/** Prefix of every key of one object's entries. */
function keyPrefix(s: Pick<FunctionSnapshot, "cluster" | "uid" | "created">): string {
  const created = s.created ? Date.parse(s.created) : NaN;
  return Number.isFinite(created) ? `${s.cluster}/${s.uid}/${created}` : `${s.cluster}/${s.uid}`;
}

/**
 * A snapshot as a compact JSON text, for a process that keeps many of them (the recorder keeps
 * one a Function): a lane's key is `<keyPrefix>/<lane>#<hash>`, so only its `#<hash>` is written
 * (any other key as `=<key>`); parseSnapshotText gives back the same snapshot. What the store
 * keeps is the plain JSON.
 */
export function snapshotText(s: FunctionSnapshot): string {
  const prefix = keyPrefix(s);
  const lanes: Record<string, LaneState> = {};
  for (const [lane, l] of Object.entries(s.lanes)) {
    const own = `${prefix}/${lane}`;
    const key = l.key.startsWith(own) && l.key.charCodeAt(own.length) === 35 /* # */ ? l.key.slice(own.length) : `=${l.key}`;
    lanes[lane] = { value: l.value, reason: l.reason, message: l.message, key, at: l.at, since: l.since };
  }
  return JSON.stringify({ ...s, lanes });
}

export function parseSnapshotText(text: string): FunctionSnapshot {
  const s = JSON.parse(text) as FunctionSnapshot;
  const prefix = keyPrefix(s);
  for (const [lane, l] of Object.entries(s.lanes)) l.key = l.key.startsWith("#") ? `${prefix}/${lane}${l.key}` : l.key.slice(1);
  return s;
}

/** An object first seen this soon after its creation was seen being created. */
const FRESH_MS = 60_000;

interface LaneValue {
  value: string | null;
  reason: string | null;
  message: string | null;
}

class Recording {
  readonly entries: NewTimelineEntry[] = [];
  constructor(
    readonly snap: FunctionSnapshot,
    readonly observedAt: number,
  ) {}

  /** The time of an observed change: the object's own time when consistent, else now. */
  observedTime(sourceTime: number | null): number {
    if (sourceTime === null) return this.observedAt;
    return Math.min(this.observedAt, Math.max(sourceTime, this.snap.lastAt));
  }

  add(
    kind: TimelineKind,
    lane: string,
    v: LaneValue,
    at: number,
    source: TimelineSource,
    key: string,
    detail: NewTimelineEntry["detail"] = null,
  ): void {
    const s = this.snap;
    this.entries.push({
      key,
      cluster: s.cluster,
      namespace: s.namespace,
      name: s.name,
      uid: s.uid,
      at: new Date(at).toISOString(),
      observedAt: new Date(this.observedAt).toISOString(),
      kind,
      lane,
      value: v.value,
      reason: v.reason,
      message: v.message,
      source,
      detail,
    });
    s.lastAt = Math.max(s.lastAt, at);
  }

  /** Records a lane's new value if it differs from the last one; returns whether it did. */
  lane(kind: TimelineKind, lane: string, v: LaneValue, at: number, source: TimelineSource, detail: NewTimelineEntry["detail"] = null): boolean {
    const prev = this.snap.lanes[lane];
    if (prev && prev.value === v.value && prev.reason === v.reason && prev.message === v.message) return false;
    if (!prev && v.value === null) return false; // nothing known before, nothing now
    const key = chainKey(`${keyPrefix(this.snap)}/${lane}`, prev?.key ?? null, [v.value, v.reason, v.message]);
    this.add(kind, lane, v, at, source, key, detail);
    const since = prev && prev.value === v.value ? prev.since : at;
    // One literal, not `{ ...v, key, at, since }`: a spread that adds fields gives each lane
    // object a hidden class of its own (a map and descriptor array each, in every snapshot kept).
    this.snap.lanes[lane] = { value: v.value, reason: v.reason, message: v.message, key, at, since };
    return true;
  }
}

function emptySnapshot(facts: FunctionFacts): FunctionSnapshot {
  return {
    version: 1,
    cluster: facts.cluster,
    namespace: facts.namespace,
    name: facts.name,
    uid: facts.uid,
    created: facts.creationTimestamp,
    lanes: {},
    generation: facts.generation,
    deletionTimestamp: null,
    finalizers: [],
    lastAt: 0,
    gone: false,
  };
}

function copySnapshot(s: FunctionSnapshot, facts: FunctionFacts): FunctionSnapshot {
  return { ...s, namespace: facts.namespace, name: facts.name, lanes: { ...s.lanes }, finalizers: [...s.finalizers] };
}

/** A time no later than now: clocks of clusters and of this process may disagree. */
const notAfter = (t: number | null, now: number): number | null => (t === null ? null : Math.min(t, now));

export function observeFunction(prev: FunctionSnapshot | null, facts: FunctionFacts, aws: AwsState | null, observedAt: number): Observation {
  const first = prev === null || !sameObject(prev, facts);
  const snap = first ? emptySnapshot(facts) : copySnapshot(prev, facts);
  const rec = new Recording(snap, observedAt);
  if (first) seed(rec, facts);
  else follow(rec, facts);
  observeAws(rec, aws);
  snap.generation = facts.generation ?? snap.generation;
  snap.deletionTimestamp = facts.deletionTimestamp ?? snap.deletionTimestamp;
  snap.finalizers = [...facts.finalizers];
  snap.gone = false;
  return { entries: rec.entries, snapshot: snap };
}

/** First sight: today's values with the times the object carries for them. */
function seed(rec: Recording, facts: FunctionFacts): void {
  const now = rec.observedAt;
  const created = notAfter(parseTime(facts.creationTimestamp), now);
  const fresh = created !== null && now - created <= FRESH_MS;
  const source: TimelineSource = fresh ? "observed" : "reconstructed";
  const prefix = keyPrefix(rec.snap);
  // From a seeded time, or `now` (observed) when the object carries none.
  const timed = (t: number | null): { at: number; source: TimelineSource } =>
    t === null ? { at: now, source: "observed" } : { at: Math.min(t, now), source };

  if (created !== null) {
    rec.add("created", LANE.lifecycle, { value: null, reason: null, message: null }, created, source, `${prefix}/created`, {
      generation: facts.generation,
    });
  }
  const conditions = [...facts.conditions].sort((a, b) => (parseTime(a.lastTransitionTime) ?? now) - (parseTime(b.lastTransitionTime) ?? now));
  for (const c of conditions) {
    const t = timed(parseTime(c.lastTransitionTime));
    rec.lane("condition", LANE.condition(c.type), { value: c.status, reason: c.reason ?? null, message: c.message ?? null }, t.at, t.source, {
      lastTransitionTime: c.lastTransitionTime ?? null,
    });
  }
  // status.state and lastUpdateStatus carry no time of their own: the last modification
  // of the function in AWS as the controller saw it (status.lastModified) is the best bound.
  const modified = parseTime(facts.lastModified);
  const stateTime = timed(modified !== null && (created === null || modified >= created) ? modified : created);
  const hint = modified !== null ? "time from status.lastModified" : "time from creationTimestamp";
  rec.lane("state", LANE.state, { value: facts.statusState, reason: facts.stateReasonCode, message: facts.stateReason }, stateTime.at, stateTime.source, {
    timeFrom: hint,
  });
  rec.lane(
    "last-update-status",
    LANE.lastUpdateStatus,
    { value: facts.lastUpdateStatus, reason: facts.lastUpdateStatusReasonCode, message: facts.lastUpdateStatusReason },
    stateTime.at,
    stateTime.source,
    { timeFrom: hint },
  );
  const deletion = notAfter(parseTime(facts.deletionTimestamp), now);
  if (deletion !== null) {
    rec.add("deletion-requested", LANE.deletion, { value: facts.deletionTimestamp, reason: null, message: null }, deletion, source, `${prefix}/deletion`, {
      finalizers: facts.finalizers,
    });
  }
}

/** Every later sight: only what changed. */
function follow(rec: Recording, facts: FunctionFacts): void {
  const snap = rec.snap;
  const prefix = keyPrefix(snap);
  const deletionAppeared = facts.deletionTimestamp !== null && snap.deletionTimestamp === null;

  // metadata.generation: the API server bumps it on spec changes, and once more when a
  // deletionTimestamp is first set on an object with finalizers (rest.BeforeDelete). The latter
  // is shown as the deletion request, not as a spec change.
  if (facts.generation !== null && snap.generation !== null && facts.generation > snap.generation && !deletionAppeared) {
    rec.add("spec-change", LANE.generation, { value: String(facts.generation), reason: null, message: null }, rec.observedAt, "observed", `${prefix}/generation/${facts.generation}`, {
      previousGeneration: snap.generation,
    });
  }

  const present = new Set<string>();
  for (const c of facts.conditions) {
    present.add(c.type);
    const lane = LANE.condition(c.type);
    const statusChanged = snap.lanes[lane]?.value !== c.status;
    const at = rec.observedTime(statusChanged ? parseTime(c.lastTransitionTime) : null);
    rec.lane("condition", lane, { value: c.status, reason: c.reason ?? null, message: c.message ?? null }, at, "observed", {
      lastTransitionTime: c.lastTransitionTime ?? null,
    });
  }
  // A condition that is no longer there (the runtime resets conditions on each sync).
  for (const lane of Object.keys(snap.lanes)) {
    if (!lane.startsWith("condition:") || present.has(lane.slice("condition:".length))) continue;
    rec.lane("condition", lane, { value: null, reason: null, message: null }, rec.observedAt, "observed");
  }

  rec.lane("state", LANE.state, { value: facts.statusState, reason: facts.stateReasonCode, message: facts.stateReason }, rec.observedAt, "observed");
  rec.lane(
    "last-update-status",
    LANE.lastUpdateStatus,
    { value: facts.lastUpdateStatus, reason: facts.lastUpdateStatusReasonCode, message: facts.lastUpdateStatusReason },
    rec.observedAt,
    "observed",
  );

  if (deletionAppeared) {
    const at = rec.observedTime(parseTime(facts.deletionTimestamp));
    rec.add("deletion-requested", LANE.deletion, { value: facts.deletionTimestamp, reason: null, message: null }, at, "observed", `${prefix}/deletion`, {
      finalizers: facts.finalizers,
      generation: facts.generation,
    });
  }

  const before = new Set(snap.finalizers);
  const after = new Set(facts.finalizers);
  for (const f of facts.finalizers) if (!before.has(f)) finalizerEntry(rec, "finalizer-added", f, false);
  for (const f of snap.finalizers) if (!after.has(f)) finalizerEntry(rec, "finalizer-removed", f, false);
}

function finalizerEntry(rec: Recording, kind: "finalizer-added" | "finalizer-removed", finalizer: string, inferred: boolean): void {
  const lane = LANE.finalizer(finalizer);
  const value = kind === "finalizer-added" ? "present" : null;
  const prevKey = rec.snap.lanes[lane]?.key ?? null;
  const key = chainKey(`${keyPrefix(rec.snap)}/${lane}`, prevKey, value);
  const message = inferred
    ? "Inferred: the object was deleted with this finalizer still on it when last seen; the API server deletes an object only once its finalizers are gone, so it went in the same write."
    : null;
  rec.add(kind, lane, { value: finalizer, reason: null, message }, rec.observedAt, "observed", key, inferred ? { inferred: true } : null);
  rec.snap.lanes[lane] = { value, reason: null, message: null, key, at: rec.observedAt, since: rec.observedAt };
}

/** The live AWS side (GetFunction). A failed read keeps the last known values: nothing new. */
function observeAws(rec: Recording, aws: AwsState | null): void {
  if (!aws || aws.error) return;
  // A listing says that the function exists but not its State or LastUpdateStatus: nothing to record until GetFunction.
  if (aws.via === "ListFunctions" && aws.exists) return;
  const now = rec.observedAt;
  const state: LaneValue = aws.exists
    ? { value: aws.state ?? "Unknown", reason: aws.stateReasonCode, message: aws.stateReason }
    : { value: AWS_NOT_FOUND, reason: "ResourceNotFoundException", message: aws.via === "ListFunctions" ? "ListFunctions: the function is not listed" : "GetFunction: the function does not exist" };
  const update: LaneValue = aws.exists
    ? { value: aws.lastUpdateStatus, reason: aws.lastUpdateStatusReasonCode ?? null, message: aws.lastUpdateStatusReason ?? null }
    : { value: null, reason: null, message: null };
  // First value of a lane: Lambda reports no time for its State, but LastModified bounds it
  // (a state changes on create or update), so an older one seeds a reconstructed start.
  const modified = aws.exists ? notAfter(parseTime(aws.lastModified), now) : null;
  const firstTime = (): { at: number; source: TimelineSource } =>
    modified !== null && now - modified > FRESH_MS ? { at: modified, source: "reconstructed" } : { at: rec.observedTime(modified), source: "observed" };
  for (const [kind, lane, v] of [
    ["aws-state", LANE.awsState, state],
    ["aws-last-update-status", LANE.awsLastUpdateStatus, update],
  ] as const) {
    const t = rec.snap.lanes[lane] ? { at: now, source: "observed" as const } : firstTime();
    rec.lane(kind, lane, v, t.at, t.source, t.source === "reconstructed" ? { timeFrom: "GetFunction LastModified" } : null);
  }
}

/** The object is gone from the cluster (watch DELETED, or missing from a relist). */
export function observeGone(prev: FunctionSnapshot | null, observedAt: number): Observation | null {
  if (!prev || prev.gone) return null;
  const snap: FunctionSnapshot = { ...prev, lanes: { ...prev.lanes }, finalizers: [...prev.finalizers] };
  const rec = new Recording(snap, observedAt);
  // The API server removes an object with a deletionTimestamp only once its finalizers are
  // empty (registry Store.Update, errEmptiedFinalizers): its last finalizers were removed,
  // in the same write that deleted it, so no watch event showed them going.
  if (snap.deletionTimestamp !== null) {
    for (const f of snap.finalizers) finalizerEntry(rec, "finalizer-removed", f, true);
  }
  rec.add("deleted", LANE.lifecycle, { value: null, reason: null, message: null }, observedAt, "observed", `${keyPrefix(snap)}/deleted`);
  snap.finalizers = [];
  snap.gone = true;
  return { entries: rec.entries, snapshot: snap };
}

/**
 * What the recorder knew of each condition's status and its start, to seed the fleet's own
 * following of them (conditions-seen.ts) when a process starts.
 */
export function conditionsSeenOf(snap: FunctionSnapshot): ConditionsSeen {
  const out: ConditionsSeen = {};
  for (const [lane, state] of Object.entries(snap.lanes)) {
    if (lane.startsWith("condition:") && state.value !== null) out[lane.slice("condition:".length)] = { status: state.value, since: state.since };
  }
  return out;
}
