/**
 * The verdict sweep looks only at the verdicts whose instant to change on the clock has come
 * (lib/domain/diagnose/changes-at.ts), and leaves every row and verdict as round 9's sweep of
 * every unsettled Function did: both sweeps run side by side over random Functions, AWS states,
 * changes and clock times (deterministic PRNG), and are compared after each sweep.
 */
import { describe, expect, it, vi } from "vitest";
import { ACK_FUNCTION_FINALIZER, CONDITION, DELETING_MESSAGE, PENDING_MESSAGE } from "@/lib/domain/ack";
import * as diagnoseModule from "@/lib/domain/diagnose";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { AwsState } from "@/lib/domain/wire/fleet";
import { offlineContext } from "@/test/offline-context";
import { prng } from "@/test/prng";
import type { LambdaReadApi } from "../aws/lambda-api";
import { AwsStateReader } from "../aws/reader";
import { Fleet } from "./fleet";
import { VERDICT_TTL_MS } from "./row";

vi.mock("@/lib/domain/diagnose", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/domain/diagnose")>();
  return { ...original, diagnose: vi.fn(original.diagnose) };
});

const T0 = Date.parse("2026-03-01T12:00:00Z");
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const iso = (t: number) => new Date(t).toISOString();

/** Thresholds off the minutes formatDuration writes (at the defaults, the ages' minutes name them too). */
const ODD = { pendingTimeoutMs: 10 * MIN + 1_500, deletionTimeoutMs: 5 * MIN - 750, awsStaleAfterMs: 30 * MIN + 333 };

function fleetAt(clock: { t: number }, settings = DEFAULT_DIAGNOSE_SETTINGS) {
  const api: LambdaReadApi = { getFunction: async () => ({ kind: "not-found" }) };
  const aws = new AwsStateReader(api, { requestsPerSecond: 100, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9, now: () => clock.t });
  const fleet = new Fleet([offlineContext("c1")], aws, { settings, defaultRegion: null, now: () => clock.t });
  return { fleet, aws };
}

/** A random Function object around `now`: every kind of verdict, times near the thresholds. */
function randomObject(rand: () => number, name: string, now: number, rv: number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  // Ages near the thresholds and the duration units (seconds, minutes, hours, days).
  const ago = () => pick([0, 1, 30, 59, 61, 299, 301, 599, 601, 3599, 3601, 86_399, 90_000])! * SEC + Math.floor(rand() * 3 * SEC) - SEC + (rand() < 0.3 ? pick([1_500, -750, 333]) : 0);
  const kind = pick(["no-status", "synced", "pending", "not-synced", "recoverable", "terminal", "failed", "updating"] as const);
  const deleting = rand() < 0.2;
  const metadata: Record<string, unknown> = { name, namespace: "team-a", uid: `uid-${name}`, resourceVersion: String(rv), generation: 1, creationTimestamp: iso(now - ago()) };
  if (deleting) {
    metadata.deletionTimestamp = iso(now - ago());
    metadata.finalizers = [ACK_FUNCTION_FINALIZER];
  }
  const since = iso(now - ago());
  const status: Record<string, unknown> | undefined =
    kind === "no-status"
      ? undefined
      : kind === "synced"
        ? { state: pick(["Active", "Inactive"]), conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: since }] }
        : kind === "pending"
          ? { state: "Pending", lastModified: rand() < 0.5 ? iso(now - ago()) : undefined, conditions: [{ type: CONDITION.synced, status: "False", reason: PENDING_MESSAGE, lastTransitionTime: since }] }
          : kind === "not-synced"
            ? { state: "Active", conditions: [{ type: CONDITION.synced, status: pick(["False", "Unknown"]), message: deleting ? DELETING_MESSAGE : "throttled", lastTransitionTime: since }] }
            : kind === "recoverable"
              ? { state: "Active", conditions: [{ type: CONDITION.recoverable, status: "True", message: "AccessDenied", lastTransitionTime: since }, { type: CONDITION.synced, status: "False", lastTransitionTime: iso(now - ago()) }] }
              : kind === "terminal"
                ? { conditions: [{ type: CONDITION.terminal, status: "True", message: "InvalidParameterValueException" }] }
                : kind === "failed"
                  ? { state: "Failed", conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: since }] }
                  : { state: "Active", lastUpdateStatus: "InProgress", lastModified: iso(now - ago()), conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: since }] };
  return { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata, spec: { name }, ...(status ? { status } : {}) };
}

/** A random AWS state, observed at a time near now, or near the staleness threshold. */
function randomAws(rand: () => number, now: number): AwsState {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const observed = now - pick([0, 10 * SEC, 29 * MIN + 50 * SEC, 30 * MIN - 5 * SEC, 31 * MIN]) - Math.floor(rand() * 20 * SEC) + Math.floor(rand() * 1000);
  const exists = rand() < 0.85;
  return {
    exists,
    state: exists ? pick(["Active", "Inactive", "Pending", "Failed", "Active"]) : null,
    stateReasonCode: null,
    stateReason: null,
    lastUpdateStatus: exists ? pick(["Successful", "InProgress", "Failed", "Successful"]) : null,
    lastModified: exists ? iso(now - pick([5 * SEC, 2 * MIN, 20 * MIN, 2 * HOUR])) : null,
    observedAt: iso(observed),
    ...(rand() < 0.1 ? { via: "ListFunctions" as const } : {}),
    ...(rand() < 0.1 ? { error: { code: "ThrottlingException", message: "Rate exceeded", at: iso(observed) } } : {}),
  } as AwsState;
}

/**
 * Each row as JSON by id (texts compare fast; the first that differs is shown), and with
 * `verdicts` each whole verdict too: reading one keeps it (cachedVerdict), so not at every step.
 */
function picture(fleet: Fleet, verdicts = false): string[] {
  const rows = [...fleet.rows()].sort((a, b) => a.id.localeCompare(b.id));
  return rows.map((r) => JSON.stringify(verdicts ? { row: r, verdict: fleet.verdict(r.id) } : r));
}

function expectSame(a: string[], b: string[]): void {
  expect(a.length).toBe(b.length);
  const at = a.findIndex((x, i) => x !== b[i]);
  if (at >= 0) expect(JSON.parse(a[at])).toEqual(JSON.parse(b[at]));
}

describe("the verdict sweep by due instants", () => {
  it("leaves every row and verdict as the sweep of every unsettled Function did, over random Functions, changes and clock times", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const rand = prng(seed);
      const clock = { t: T0 };
      const settings = seed % 2 ? DEFAULT_DIAGNOSE_SETTINGS : ODD;
      const full = fleetAt(clock, settings);
      const due = fleetAt(clock, settings);
      const N = 120;
      const names = Array.from({ length: N }, (_, i) => `f${i}`);
      let rv = 1;
      const objects = names.map((n) => randomObject(rand, n, clock.t, rv++));
      for (const f of [full, due]) f.fleet.functionsReplaced("c1", objects);
      let compared = 0;
      for (let step = 0; step < 60; step++) {
        // Between two sweeps (at least VERDICT_TTL_MS apart, as the timer runs them): changes and reads.
        const gap = VERDICT_TTL_MS + [0, 1, 20, 45, 180, 720][Math.floor(rand() * 6)] * SEC + Math.floor(rand() * 5 * SEC);
        const changes = Math.floor(rand() * 4);
        for (let c = 0; c < changes; c++) {
          clock.t += Math.floor(rand() * gap / (changes + 1));
          const name = names[Math.floor(rand() * N)];
          const r = rand();
          if (r < 0.4) {
            const obj = randomObject(rand, name, clock.t, rv++);
            for (const f of [full, due]) f.fleet.functionChanged("c1", `team-a/${name}`, obj);
          } else if (r < 0.8) {
            const state = randomAws(rand, clock.t);
            for (const f of [full, due]) f.aws.applyObserved(`c1/team-a/${name}`, state);
          } else {
            // A read between sweeps (a Function's page).
            expect(due.fleet.verdict(`c1/team-a/${name}`)).toEqual(full.fleet.verdict(`c1/team-a/${name}`));
          }
        }
        clock.t += gap;
        vi.mocked(diagnoseModule.diagnose).mockClear(); // its record of calls grows otherwise
        full.fleet.sweepAllVerdicts();
        due.fleet.sweepVerdicts();
        const verdicts = rand() < 0.2;
        expectSame(picture(due.fleet, verdicts), picture(full.fleet, verdicts));
        compared++;
      }
      expect(compared).toBe(60);
    }
  }, 120_000);

  it("makes no verdict at a sweep for unsettled Functions whose verdict cannot move on the clock, and makes those that can", () => {
    const clock = { t: T0 };
    const { fleet } = fleetAt(clock);
    const synced = (name: string) => ({
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name, namespace: "team-a", uid: `uid-${name}`, resourceVersion: "1", generation: 1, creationTimestamp: iso(T0 - HOUR) },
      spec: { name },
      status: { state: "Active", conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: iso(T0 - HOUR) }] },
    });
    // 300 Functions whose AWS state is not read yet (unknown until it is: ~49,000 of 50,000 in
    // the AWS first pass), and 3 Pending ones whose "Pending for N s" moves each second.
    const pendingOnes = ["p0", "p1", "p2"].map((name) => ({
      ...synced(name),
      status: { state: "Pending", conditions: [{ type: CONDITION.synced, status: "False", reason: PENDING_MESSAGE, lastTransitionTime: iso(T0 - 5 * SEC) }] },
    }));
    fleet.functionsReplaced("c1", [...Array.from({ length: 300 }, (_, i) => synced(`f${i}`)), ...pendingOnes]);
    expect(fleet.rows().filter((r) => r.verdict.health === "unknown")).toHaveLength(300);
    expect(fleet.rows().filter((r) => r.verdict.health === "progressing")).toHaveLength(3);
    const made = vi.mocked(diagnoseModule.diagnose);
    for (let sweep = 0; sweep < 3; sweep++) {
      made.mockClear();
      clock.t += 20 * SEC;
      fleet.sweepVerdicts();
      expect(made).toHaveBeenCalledTimes(3);
    }
    expect(fleet.row("c1/team-a/p0")?.verdict.summary).toBe("Pending for 1 min.");
  });

  it("shows a verdict moved by the clock at the first sweep after its instant, however recently the verdict was made", () => {
    // A deletion overdue after 1 s, whose verdict (read from AWS) was made 0.5 s after the
    // request: the sweep 10 s later must show it overdue, not keep the verdict made 10 s before
    // for VERDICT_TTL_MS and show it one sweep later (up to 30 s after its instant).
    const clock = { t: T0 };
    const { fleet, aws } = fleetAt(clock, { ...DEFAULT_DIAGNOSE_SETTINGS, deletionTimeoutMs: 1_000 });
    const id = "c1/team-a/orders-stuck";
    fleet.functionsReplaced("c1", [
      {
        apiVersion: "lambda.services.k8s.aws/v1alpha1",
        kind: "Function",
        metadata: { name: "orders-stuck", namespace: "team-a", uid: "uid-1", resourceVersion: "1", generation: 1, creationTimestamp: iso(T0 - HOUR), deletionTimestamp: iso(T0), finalizers: [ACK_FUNCTION_FINALIZER] },
        spec: { name: "orders-stuck" },
        status: { state: "Active", conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: iso(T0 - HOUR) }] },
      },
    ]);
    clock.t = T0 + 500;
    aws.applyObserved(id, { exists: true, state: "Active", stateReasonCode: null, stateReason: null, lastUpdateStatus: "Successful", lastModified: iso(T0 - HOUR), observedAt: iso(clock.t) } as AwsState);
    const before = fleet.row(id)!.verdict.health;
    expect(before).not.toBe("deletion-blocked");
    clock.t += 10 * SEC;
    fleet.sweepVerdicts();
    expect(fleet.row(id)?.verdict.health).toBe("deletion-blocked");
  });
});
