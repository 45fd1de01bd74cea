import "server-only";
import { diagnose } from "@/lib/domain/diagnose";
import { verdictChangesAt } from "@/lib/domain/diagnose/changes-at";
import type { DiagnoseSettings } from "@/lib/domain/diagnose-settings";
import { isStaleCluster, type HealthCounts } from "@/lib/domain/fleet-summary";
import type { FunctionFacts } from "@/lib/domain/function-object";
import { isoTime } from "@/lib/domain/safe-values";
import type { AwsState, ClusterSummary, ControllerInfo, FunctionRow, Verdict } from "@/lib/domain/wire/fleet";
import type { ClusterConnection } from "../kube/cluster";

/**
 * diagnose() costs about 30 µs; 50,000 of them per request would be 1.5 s. A verdict is
 * reused while its inputs are the same objects and it is younger than this: the clock only
 * matters at the (minutes-long) pending and deletion timeouts.
 */
export const VERDICT_TTL_MS = 15_000;

/** Where a Function's last verdict is kept, with what it was computed from. */
export interface VerdictCache {
  verdict?: {
    inputs: [FunctionFacts, AwsState | null, ControllerInfo | null];
    at: number;
    value: Verdict;
    /** When the value may next change on the clock alone (verdictChangesAt); made when first asked. */
    changesAt?: number;
  };
}

/** When the cached verdict may next change on the clock alone (lib/domain/diagnose/changes-at.ts). */
export function verdictChangesAtOf(cache: VerdictCache, settings: DiagnoseSettings): number {
  const c = cache.verdict;
  if (!c) return -Infinity;
  return (c.changesAt ??= verdictChangesAt(c.inputs[0], c.inputs[1], c.inputs[2], c.at, settings));
}

/**
 * The verdict for the sweep: the one kept, unless the clock has reached the instant at which it
 * may change (then made anew, whatever its age). Kept for VERDICT_TTL_MS alone, a verdict made
 * just before its instant stayed as it was through the next sweep too: a deletion overdue after
 * 1 s showed as overdue only two sweeps (up to 30 s) later.
 */
export function sweptVerdict(cache: VerdictCache, facts: FunctionFacts, aws: AwsState | null, controller: ControllerInfo | null, now: number, settings: DiagnoseSettings): Verdict {
  const c = cache.verdict;
  if (c && c.inputs[0] === facts && c.inputs[1] === aws && c.inputs[2] === controller && verdictChangesAtOf(cache, settings) <= now) cache.verdict = undefined;
  return cachedVerdict(cache, facts, aws, controller, now, settings);
}

export function cachedVerdict(cache: VerdictCache, facts: FunctionFacts, aws: AwsState | null, controller: ControllerInfo | null, now: number, settings: DiagnoseSettings): Verdict {
  const c = cache.verdict;
  if (c && c.inputs[0] === facts && c.inputs[1] === aws && c.inputs[2] === controller && now - c.at < VERDICT_TTL_MS) return c.value;
  const value = diagnose(facts, aws, controller, now, settings);
  cache.verdict = { inputs: [facts, aws, controller], at: now, value, changesAt: undefined };
  return value;
}

/** The AWS state as rows carry it: without the configuration, which only the detail compares. */
const rowAwsCache = new WeakMap<AwsState, AwsState>();
function rowAws(aws: AwsState | null): AwsState | null {
  if (!aws?.config) return aws;
  let out = rowAwsCache.get(aws);
  if (!out) {
    const { config: _config, ...rest } = aws;
    void _config;
    out = rest;
    rowAwsCache.set(aws, out);
  }
  return out;
}

/**
 * The verdict as rows carry it: each reason by its code, without its sentence and source, which
 * only a Function's page shows (the detail sends the whole verdict: Fleet.verdict()). Made once
 * per verdict object (verdicts are kept while their inputs are the same: cachedVerdict above).
 */
const rowVerdictCache = new WeakMap<Verdict, Verdict>();
export function rowVerdict(verdict: Verdict): Verdict {
  if (verdict.reasons.every((r) => r.text === undefined && r.source === undefined)) return verdict;
  let out = rowVerdictCache.get(verdict);
  if (!out) {
    out = { ...verdict, reasons: verdict.reasons.map((r) => ({ code: r.code })) };
    rowVerdictCache.set(verdict, out);
  }
  return out;
}

/** A Function as a row of the API: its facts, its AWS state, its verdict, whether it is stale. */
export function toRow(f: FunctionFacts, aws: AwsState | null, verdict: Verdict, cluster: ClusterConnection | undefined, observedAt: number): FunctionRow {
  return {
    id: f.id,
    cluster: f.cluster,
    namespace: f.namespace,
    name: f.name,
    uid: f.uid,
    resourceVersion: f.resourceVersion,
    generation: f.generation,
    creationTimestamp: f.creationTimestamp,
    awsName: f.awsName,
    region: f.region,
    accountId: f.accountId,
    arn: f.arn,
    statusState: f.statusState,
    conditions: f.conditions,
    deletionTimestamp: f.deletionTimestamp,
    finalizers: f.finalizers,
    annotations: f.annotations,
    aws: rowAws(aws),
    verdict: rowVerdict(verdict),
    stale: isStaleCluster(cluster?.state),
    observedAt: isoTime(observedAt),
  };
}

/** A cluster's summary: its connection, its controller and its Functions' health counts. */
export function toClusterSummary(c: ClusterConnection, healthCounts: HealthCounts): ClusterSummary {
  return {
    name: c.name,
    connected: c.state.connected,
    lastSyncAt: c.state.lastSyncAt ? new Date(c.state.lastSyncAt).toISOString() : null,
    ...(c.state.error && !c.state.connected ? { error: c.state.error } : {}),
    functionCount: Object.values(healthCounts).reduce((a, b) => a + (b ?? 0), 0),
    ...(c.controller ? { controller: c.controller } : {}),
    ...(c.permissions?.missing.length ? { missingPermissions: c.permissions.missing } : {}),
    healthCounts,
  };
}
