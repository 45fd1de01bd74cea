/**
 * The AwsState a Function shows, from what the reader learnt: a GetFunction answer, a complete
 * listing without it, or a failed read (last known values kept). A listed function shows
 * nothing new: its verdict needs State, which ListFunctions does not carry, so the row waits for
 * GetFunction as before (the reader only counts it as known to exist). A listing never
 * overwrites GetFunction's answer: it only says when to read again (it changed since).
 */
import "server-only";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { ListedFunction } from "./lambda-api";

/** What the reader knows of one Function: its state, and when GetFunction last answered (found or not). */
export interface KnownState {
  state: AwsState | null;
  readAt: number | null;
}

/** What a listing means for one Function: show this state, read it again with GetFunction, or both. */
export interface ListDecision {
  show: AwsState | null;
  reread: boolean;
}

const NOTHING: ListDecision = { show: null, reread: false };

/** A ListFunctions item for this Function. */
export function onListed(k: KnownState, f: ListedFunction): ListDecision {
  // An earlier listing said it was missing: it has been created since; GetFunction tells its State.
  if (k.state?.via === "ListFunctions" && !k.state.exists) return { show: null, reread: true };
  if (k.readAt === null || !k.state) return NOTHING;
  // Unchanged since GetFunction read it (RevisionId changes with every code or configuration update).
  if (k.state.exists && sameRevision(k.state, f)) return NOTHING;
  return { show: null, reread: true };
}

/**
 * A listing that reached its last page without this Function, started at `startedAt`. A
 * GetFunction answered since the listing started knows better; otherwise the function is
 * missing, and GetFunction confirms it soon (it may have been created behind the listing's back).
 */
export function onUnlisted(k: KnownState, startedAt: number, at: string): ListDecision {
  if (k.readAt !== null && k.readAt >= startedAt) return NOTHING;
  if (k.state && !k.state.exists && !k.state.error) return NOTHING;
  const show: AwsState = { exists: false, state: null, stateReason: null, stateReasonCode: null, lastUpdateStatus: null, observedAt: at, via: "ListFunctions", error: null };
  return { show, reread: true };
}

function sameRevision(s: AwsState, f: ListedFunction): boolean {
  if (s.revisionId && f.revisionId) return s.revisionId === f.revisionId;
  return (s.lastModified ?? null) === f.lastModified && (s.codeSha256 ?? null) === f.codeSha256;
}

/** Keeps the last known values and adds the error; a never-read function has nothing known. */
export function failed(prev: AwsState | null, error: { code: string; message: string; at: string }): AwsState {
  if (prev) return { ...prev, error };
  return { exists: false, state: null, stateReason: null, stateReasonCode: null, lastUpdateStatus: null, observedAt: error.at, error };
}

/** The same apart from when it was observed (and when an error happened). */
export function sameState(a: AwsState | null, b: AwsState | null): boolean {
  return JSON.stringify(stripTimes(a)) === JSON.stringify(stripTimes(b));
}

function stripTimes(s: AwsState | null): unknown {
  if (!s) return null;
  const { observedAt: _o, error, ...rest } = s;
  void _o;
  return { ...rest, error: error ? { code: error.code, message: error.message } : null };
}
