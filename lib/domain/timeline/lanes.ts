/**
 * Timeline assembly (docs/architecture.md "The timeline"): recorded entries in, swimlanes of segments and
 * markers out. Pure: `now` is passed in. One lane per condition type (the ACK ones and Ready
 * first, then any other present), one for Kubernetes status.state, one for its
 * lastUpdateStatus, one for the live AWS State and one for the live LastUpdateStatus.
 */
import { CONDITION } from "../ack";
import { AWS_NOT_FOUND, LANE, compareEntries, isStateKind } from "./entry";
import type { TimelineEntry, TimelineKind } from "../wire/timeline";

/** How a value reads to an operator; the view adds colour and a pattern, never colour alone. */
export type Tone = "good" | "warn" | "bad" | "neutral" | "unknown" | "absent";

export interface Segment {
  lane: string;
  start: number;
  /** End of the segment; for the current value, `now`. */
  end: number;
  /** The value still holds. */
  open: boolean;
  value: string | null;
  tone: Tone;
  entry: TimelineEntry;
  /** Start of the run of this value (a reason or message change starts a new segment, not a new run). */
  since: number;
}

export interface Lane {
  id: string;
  label: string;
  group: "condition" | "kubernetes" | "aws";
  segments: Segment[];
}

export interface Marker {
  at: number;
  kind: TimelineKind;
  label: string;
  tone: Tone;
  entry: TimelineEntry;
}

export interface TimelineModel {
  lanes: Lane[];
  markers: Marker[];
  /** Earliest time anything is known from (for the "all" range). */
  earliest: number | null;
}

const FIXED_CONDITIONS = [CONDITION.synced, CONDITION.recoverable, CONDITION.terminal, CONDITION.ready];
const TAIL_LANES: Array<Omit<Lane, "segments">> = [
  { id: LANE.state, label: "Kubernetes status.state", group: "kubernetes" },
  { id: LANE.lastUpdateStatus, label: "Kubernetes lastUpdateStatus", group: "kubernetes" },
  { id: LANE.awsState, label: "AWS State (live)", group: "aws" },
  { id: LANE.awsLastUpdateStatus, label: "AWS LastUpdateStatus (live)", group: "aws" },
];

/**
 * Which object each entry is about. Usually its uid; but a uid can come back with another
 * creation (a simulated or restored cluster made anew from the same seed): in recording order
 * (store ids), a `created` after a `deleted` of the same uid starts another object. Times
 * cannot tell: the new object's reconstructed entries lie before the old one's disappearance.
 */
function objectsOf(entries: TimelineEntry[]): Map<TimelineEntry, string> {
  const byId = [...entries].sort((a, b) => {
    const x = Number(a.id);
    const y = Number(b.id);
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : 0;
  });
  const incarnation = new Map<string, number>();
  const ended = new Set<string>();
  const out = new Map<TimelineEntry, string>();
  for (const e of byId) {
    if (e.kind === "created" && ended.has(e.uid)) {
      incarnation.set(e.uid, (incarnation.get(e.uid) ?? 0) + 1);
      ended.delete(e.uid);
    }
    out.set(e, `${e.uid}#${incarnation.get(e.uid) ?? 0}`);
    if (e.kind === "deleted") ended.add(e.uid);
  }
  return out;
}

export function buildTimeline(input: TimelineEntry[], now: number): TimelineModel {
  const objectOf = objectsOf(input);
  const entries = [...input].sort(compareEntries);
  const segments = new Map<string, Segment[]>();
  const open = new Map<string, Segment>();
  const markers: Marker[] = [];
  const close = (lane: string, at: number) => {
    const s = open.get(lane);
    if (s) {
      s.end = Math.max(s.start, at);
      s.open = false;
      open.delete(lane);
    }
  };

  for (const e of entries) {
    const at = Date.parse(e.at);
    if (!Number.isFinite(at)) continue;
    if (isStateKind(e.kind)) {
      const prev = open.get(e.lane);
      close(e.lane, at);
      const s: Segment = {
        lane: e.lane,
        start: at,
        end: Math.max(at, now),
        open: true,
        value: e.value,
        tone: toneOf(e.lane, e.value),
        entry: e,
        since: prev && prev.value === e.value && objectOf.get(prev.entry) === objectOf.get(e) ? prev.since : at,
      };
      open.set(e.lane, s);
      const list = segments.get(e.lane) ?? [];
      list.push(s);
      segments.set(e.lane, list);
    } else {
      // The object is gone: nothing it said holds any more (another object's values stay).
      if (e.kind === "deleted") {
        for (const [lane, seg] of [...open]) if (objectOf.get(seg.entry) === objectOf.get(e)) close(lane, at);
      }
      markers.push({ at, kind: e.kind, label: markerLabel(e), tone: markerTone(e), entry: e });
    }
  }

  const otherConditions = [...segments.keys()]
    .filter((l) => l.startsWith("condition:") && !FIXED_CONDITIONS.some((c) => LANE.condition(c) === l))
    .sort();
  const lanes: Lane[] = [
    ...FIXED_CONDITIONS.map((c) => ({ id: LANE.condition(c), label: c, group: "condition" as const })),
    ...otherConditions.map((l) => ({ id: l, label: l.slice("condition:".length), group: "condition" as const })),
    ...TAIL_LANES,
  ].map((l) => ({ ...l, segments: segments.get(l.id) ?? [] }));

  const times = entries.map((e) => Date.parse(e.at)).filter(Number.isFinite);
  return { lanes, markers, earliest: times.length ? Math.min(...times) : null };
}

/** The value a lane holds now, and since when, or null when it holds none. */
export function currentValue(model: TimelineModel, laneId: string): Segment | null {
  const lane = model.lanes.find((l) => l.id === laneId);
  const last = lane?.segments[lane.segments.length - 1];
  return last && last.open && last.value !== null ? last : null;
}

const CONDITION_TONES: Record<string, Record<string, Tone>> = {
  [CONDITION.terminal]: { True: "bad", False: "good" },
  [CONDITION.recoverable]: { True: "warn", False: "good" },
  [CONDITION.advisory]: { True: "warn", False: "good" },
};
const STATE_TONES: Record<string, Tone> = {
  Active: "good",
  Inactive: "neutral",
  Pending: "warn",
  Deleting: "warn",
  Deactivating: "warn",
  Deactivated: "neutral",
  ActiveNonInvocable: "bad",
  Failed: "bad",
  [AWS_NOT_FOUND]: "bad",
};
const UPDATE_TONES: Record<string, Tone> = { Successful: "good", InProgress: "warn", Failed: "bad" };

export function toneOf(lane: string, value: string | null): Tone {
  if (value === null) return "absent";
  if (lane.startsWith("condition:")) {
    const type = lane.slice("condition:".length);
    const special = CONDITION_TONES[type];
    if (special) return special[value] ?? "unknown";
    // Synced, Ready, ReferencesResolved, LateInitialized and the rest: True is the good value.
    return value === "True" ? "good" : value === "False" ? "warn" : "unknown";
  }
  if (lane === LANE.state || lane === LANE.awsState) return STATE_TONES[value] ?? "unknown";
  if (lane === LANE.lastUpdateStatus || lane === LANE.awsLastUpdateStatus) return UPDATE_TONES[value] ?? "unknown";
  return "neutral";
}

function markerTone(e: TimelineEntry): Tone {
  switch (e.kind) {
    case "event":
      return e.value === "Warning" ? "bad" : "neutral";
    case "deletion-requested":
      return "warn";
    case "remediation": {
      const outcome = e.detail?.outcome;
      return outcome === "failed" || outcome === "refused" ? "bad" : outcome === "succeeded" ? "good" : "neutral";
    }
    default:
      return "neutral";
  }
}

/** A short label for a marker, as text (never HTML). */
export function markerLabel(e: TimelineEntry): string {
  switch (e.kind) {
    case "created":
      return "created";
    case "deleted":
      return "deleted from the cluster";
    case "spec-change":
      return `spec changed (generation ${e.value ?? "?"})`;
    case "deletion-requested":
      return "deletion requested";
    case "finalizer-added":
      return `finalizer added: ${e.value ?? ""}`;
    case "finalizer-removed":
      return `finalizer removed: ${e.value ?? ""}${e.detail?.inferred ? " (with the object)" : ""}`;
    case "event":
      return `${e.value === "Warning" ? "Warning event" : "Event"}: ${e.reason ?? "(no reason)"}`;
    case "remediation":
      return `remediation ${e.value ?? ""} (${e.reason ?? ""})`;
    default:
      return e.kind;
  }
}

/** Where an entry goes in words: the lane's label, or "marker". */
export function laneLabel(laneId: string): string {
  if (laneId.startsWith("condition:")) return laneId.slice("condition:".length);
  return TAIL_LANES.find((l) => l.id === laneId)?.label ?? "marker";
}
