/**
 * verdictChangesAt: a verdict made at `now` is the verdict at every instant before the instant
 * it names (checked over random Functions, AWS states and clocks: deterministic PRNG), and that
 * instant is not needlessly early for the verdicts that cannot move on the clock.
 */
import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, CONDITION, DELETING_MESSAGE, PENDING_MESSAGE } from "../ack";
import { DEFAULT_DIAGNOSE_SETTINGS } from "../diagnose-settings";
import { formatDuration } from "../duration";
import { toFunctionFacts } from "../function-object";
import type { AwsState } from "../wire/fleet";
import { prng } from "@/test/prng";
import { diagnose } from ".";
import { durationChangesAt, verdictChangesAt } from "./changes-at";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const iso = (t: number) => new Date(t).toISOString();
const S = DEFAULT_DIAGNOSE_SETTINGS;
/** Thresholds off the minutes formatDuration writes (the defaults fall on them, so their ages alone would name them). */
const ODD = { pendingTimeoutMs: 10 * MIN + 1_500, deletionTimeoutMs: 5 * MIN - 750, awsStaleAfterMs: 30 * MIN + 333 };

function world(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const ago = () => pick([0, 1, 30, 59, 61, 299, 300, 301, 599, 600, 601, 1799, 1800, 3599, 3601, 86_399, 90_000, -5])! * SEC + Math.floor(rand() * 3 * SEC) - SEC + (rand() < 0.3 ? pick([1_500, -750, 333]) : 0);
  const now = T0;
  const kind = pick(["no-status", "synced", "pending", "not-synced", "recoverable", "terminal", "failed", "updating"] as const);
  const deleting = rand() < 0.25;
  const metadata: Record<string, unknown> = { name: "f", namespace: "team-a", uid: "uid-f", resourceVersion: "1", generation: 1, creationTimestamp: iso(now - ago()) };
  if (deleting) {
    metadata.deletionTimestamp = iso(now - ago());
    metadata.finalizers = [ACK_FUNCTION_FINALIZER];
  }
  const since = iso(now - ago());
  const conditions: Record<string, unknown[]> = {
    synced: [{ type: CONDITION.synced, status: "True", lastTransitionTime: since }],
    pending: [{ type: CONDITION.synced, status: "False", reason: PENDING_MESSAGE, lastTransitionTime: since }],
    notSynced: [{ type: CONDITION.synced, status: pick(["False", "Unknown"]), message: deleting ? DELETING_MESSAGE : "throttled", lastTransitionTime: since }],
    recoverable: [{ type: CONDITION.recoverable, status: "True", message: "AccessDenied", lastTransitionTime: since }, { type: CONDITION.synced, status: "False", lastTransitionTime: iso(now - ago()) }],
    terminal: [{ type: CONDITION.terminal, status: "True", message: "InvalidParameterValueException" }],
  };
  const status =
    kind === "no-status"
      ? undefined
      : kind === "synced"
        ? { state: pick(["Active", "Inactive", "Pending"]), conditions: conditions.synced }
        : kind === "pending"
          ? { state: "Pending", lastModified: rand() < 0.5 ? iso(now - ago()) : undefined, conditions: conditions.pending }
          : kind === "not-synced"
            ? { state: "Active", conditions: conditions.notSynced }
            : kind === "recoverable"
              ? { state: "Active", conditions: conditions.recoverable }
              : kind === "terminal"
                ? { conditions: conditions.terminal }
                : kind === "failed"
                  ? { state: "Failed", conditions: conditions.synced }
                  : { state: "Active", lastUpdateStatus: "InProgress", lastModified: iso(now - ago()), conditions: conditions.synced };
  const parsed = toFunctionFacts({ apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata, spec: { name: "f" }, ...(status ? { status } : {}) }, "c1", {});
  if (!parsed.ok) throw new Error(parsed.error);
  const exists = rand() < 0.85;
  const aws: AwsState | null =
    rand() < 0.2
      ? null
      : ({
          exists,
          state: exists ? pick(["Active", "Inactive", "Pending", "Failed"]) : null,
          stateReasonCode: null,
          stateReason: null,
          lastUpdateStatus: exists ? pick(["Successful", "InProgress", "Failed"]) : null,
          lastModified: exists ? iso(now - ago()) : null,
          observedAt: iso(now - ago()),
          ...(rand() < 0.1 ? { via: "ListFunctions" as const } : {}),
          ...(rand() < 0.1 ? { error: { code: "ThrottlingException", message: "Rate exceeded", at: iso(now) } } : {}),
        } as AwsState);
  return { facts: parsed.facts, aws, now };
}

describe("verdictChangesAt", () => {
  it.each([
    ["the default settings", S],
    ["thresholds off the minutes", ODD],
  ])("names an instant before which the verdict is the verdict at now, over random Functions and clocks (%s)", (_, S) => {
    const rand = prng(7);
    let finite = 0;
    let moved = 0;
    for (let i = 0; i < 3000; i++) {
      const { facts, aws, now } = world(rand);
      const at = verdictChangesAt(facts, aws, null, now, S);
      expect(at).toBeGreaterThanOrEqual(now);
      const text = JSON.stringify(diagnose(facts, aws, null, now, S));
      const horizon = Math.min(at, now + 3 * 86_400_000);
      // Instants up to the named one: random ones and its last millisecond.
      const instants = [horizon - 1, ...Array.from({ length: 6 }, () => now + Math.floor(rand() * (horizon - now)))].filter((t) => t >= now);
      for (const t of instants) expect([t - now, JSON.stringify(diagnose(facts, aws, null, t, S))]).toEqual([t - now, text]);
      if (at !== Infinity) {
        finite++;
        // Named too early would only cost a look; tell how often it is not a real change.
        if (JSON.stringify(diagnose(facts, aws, null, at + 1, S)) !== text) moved++;
      }
    }
    expect(finite).toBeGreaterThan(500);
    expect(moved / finite).toBeGreaterThan(0.5);
  });

  it("names no instant for a verdict that only new inputs can move (synced, AWS not read yet)", () => {
    const parsed = toFunctionFacts(
      { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata: { name: "f", namespace: "a", uid: "u", creationTimestamp: iso(T0 - HOUR) }, spec: { name: "f" }, status: { state: "Active", conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: iso(T0 - HOUR) }] } },
      "c1",
      {},
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(diagnose(parsed.facts, null, null, T0, S).health).toBe("unknown");
    expect(verdictChangesAt(parsed.facts, null, null, T0, S)).toBe(Infinity);
  });

  it("durationChangesAt is the next duration formatDuration writes otherwise", () => {
    for (const ms of [-5, 0, 999, 1000, 59_999, 60_000, 61_500, HOUR - 1, HOUR, HOUR + 90 * SEC, 86_400_000 - 1, 86_400_000, 90_000_000]) {
      const next = durationChangesAt(ms);
      expect(next).toBeGreaterThan(ms);
      expect(formatDuration(next - 1)).toBe(formatDuration(ms));
      expect(formatDuration(next)).not.toBe(formatDuration(ms));
    }
  });
});
