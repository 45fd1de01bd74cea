/**
 * When a verdict can next change on the clock alone: diagnose() reads `now` only through a few
 * thresholds and the durations it writes in summaries, so a verdict made at `now` stays the
 * same (every field) until the earliest of them. The fleet's verdict sweep looks again only at
 * verdicts whose instant has come (lib/server/fleet/fleet.ts), not at every unsettled one.
 *
 * Where diagnose() reads the clock (keep this list in step with the rules):
 *  - the AWS observation goes stale (signals.ts awsView: now - observedAt > awsStaleAfterMs);
 *  - an unsettled object becomes overdue (context.ts overdue: now - since > pendingTimeoutMs,
 *    stuck and progressing) and its age is written ("Pending for 4 min", "Stuck Pending for 2 h");
 *  - a deletion becomes overdue (signals.ts deletionOverdue: now - requested > deletionTimeoutMs;
 *    deletion-blocked, progressing, and the actions' eligibility) and its age is written;
 *  - an object without status says how long ago it was created (unknown).
 * Candidates are conservative: an instant where nothing moves only costs one more look.
 */
import type { FunctionFacts } from "../function-object";
import { parseTime } from "../safe-values";
import { awsView, deletionRequestedAt } from "../signals";
import type { AwsState, ControllerInfo } from "../wire/fleet";
import type { DiagnoseSettings } from "../diagnose-settings";
import { makeContext, unsettled } from "./context";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The earliest instant, at or after `now`, from which diagnose(fn, aws, controller, t, settings)
 * may differ from diagnose(..., now, ...); Infinity when only new inputs can change it. For every
 * t with now <= t < verdictChangesAt(...), the verdict at t is the verdict at now.
 */
export function verdictChangesAt(fn: FunctionFacts, aws: AwsState | null, controller: ControllerInfo | null, now: number, settings: DiagnoseSettings): number {
  let at = Infinity;
  // A strict threshold (now - from > after) holds from the instant after from + after on.
  const threshold = (from: number | null, after: number) => {
    if (from === null) return;
    const t = from + after;
    if (t >= now && t < at) at = t;
  };
  // formatDuration(now - from) written in a text.
  const age = (from: number | null) => {
    if (from === null) return;
    const t = from + durationChangesAt(now - from);
    if (t < at) at = t;
  };
  if (aws && !aws.error) threshold(parseTime(aws.observedAt), settings.awsStaleAfterMs);
  const requested = deletionRequestedAt(fn);
  threshold(requested, settings.deletionTimeoutMs);
  age(requested);
  if (!fn.hasStatus) age(parseTime(fn.creationTimestamp));
  // What is unsettled, and since when, follows the AWS view: its change is a candidate above.
  const u = unsettled(makeContext(fn, aws, controller, now, settings));
  if (u && u.since !== null) {
    threshold(u.since, settings.pendingTimeoutMs);
    age(u.since);
  }
  return at;
}

/**
 * The least duration above `ms` that formatDuration (../duration.ts) writes otherwise (it writes whole seconds,
 * minutes, hours: "45 s", "12 min", "3 h 12 min", "2 d 4 h"). Never below `ms`; Infinity for a
 * duration that is not a number (it is written "0 s" whatever the clock).
 */
export function durationChangesAt(ms: number): number {
  if (!Number.isFinite(ms)) return Infinity;
  if (ms < SECOND) return SECOND;
  const unit = ms < MINUTE ? SECOND : ms < DAY ? MINUTE : HOUR;
  return (Math.floor(ms / unit) + 1) * unit;
}
