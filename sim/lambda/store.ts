/**
 * The simulated functions, per account and region, with a lazy state machine: timed
 * transitions (Pending → Active, LastUpdateStatus InProgress → Successful, Deleting → gone)
 * are applied when a function is read, from the injected clock, so tests move time instead of
 * sleeping. Lambda semantics (validation, conflicts) live in operations.ts.
 */
import { createHash, randomUUID } from "node:crypto";
import { functionArn } from "./errors";
import type { LifecycleDelays, SimLambdaFunction, StatePatch } from "./types";

export type FunctionConfig = Omit<SimLambdaFunction, "Tags">;

export interface FunctionRecord {
  config: FunctionConfig;
  tags: Record<string, string>;
  /** Image functions only: what GetFunction reports under Code.ImageUri. */
  imageUri?: string;
  /** When the current Pending / InProgress / Deleting phase began, and when it ends (null: never). */
  pendingSince: number;
  pendingUntil: number | null;
  updateUntil: number | null;
  deleteAt: number | null;
}

export interface StoreDefaults {
  pendingMs: number;
  updateMs: number;
  deletingMs: number;
}

/** Lambda's LastModified format: 2024-05-01T12:00:00.000+0000. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

export function sha256Base64(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("base64");
}

/** Infinity and null both mean "this phase never ends". */
export function phaseEnd(start: number, ms: number | null | undefined): number | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  return start + Math.max(0, ms);
}

function scopeKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

export class FunctionStore {
  private readonly scopes = new Map<string, ScopeFunctions>();
  /** Per-function delays, kept by name so they can be set before CreateFunction. */
  private readonly delays = new Map<string, LifecycleDelays>();

  constructor(
    readonly now: () => number,
    readonly defaults: StoreDefaults,
  ) {}

  private scope(accountId: string, region: string, create: boolean): ScopeFunctions | undefined {
    const key = scopeKey(accountId, region);
    let fns = this.scopes.get(key);
    if (!fns && create) {
      fns = new ScopeFunctions();
      this.scopes.set(key, fns);
    }
    return fns;
  }

  /** The function after applying every transition that is due; undefined once deleted. */
  get(accountId: string, region: string, name: string): FunctionRecord | undefined {
    const fns = this.scope(accountId, region, false);
    const rec = fns?.get(name);
    if (!fns || !rec) return undefined;
    return this.settle(fns, rec);
  }

  /** Settled functions of one account and region, sorted by name (ListFunctions order). */
  list(accountId: string, region: string): FunctionRecord[] {
    return this.page(accountId, region, undefined, Number.MAX_SAFE_INTEGER).items;
  }

  /**
   * Up to `limit` settled functions whose names sort after `after`, and whether more follow.
   * Settles only what it returns, so paging a large fleet stays cheap.
   */
  page(accountId: string, region: string, after: string | undefined, limit: number): { items: FunctionRecord[]; more: boolean } {
    const fns = this.scope(accountId, region, false);
    if (!fns) return { items: [], more: false };
    const names = fns.sortedNames();
    const items: FunctionRecord[] = [];
    for (let i = after === undefined ? 0 : firstAfter(names, after); i < names.length && items.length <= limit; i++) {
      const rec = fns.get(names[i]);
      const settled = rec && this.settle(fns, rec);
      if (settled) items.push(settled);
    }
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  insert(accountId: string, region: string, rec: FunctionRecord): void {
    this.scope(accountId, region, true)!.set(rec);
  }

  remove(accountId: string, region: string, name: string): boolean {
    return this.scope(accountId, region, false)?.delete(name) ?? false;
  }

  delaysFor(accountId: string, region: string, name: string): Required<LifecycleDelays> {
    const own = this.delays.get(`${scopeKey(accountId, region)}/${name}`) ?? {};
    return {
      pendingMs: own.pendingMs === undefined ? this.defaults.pendingMs : own.pendingMs,
      updateMs: own.updateMs === undefined ? this.defaults.updateMs : own.updateMs,
      deletingMs: own.deletingMs ?? this.defaults.deletingMs,
    };
  }

  /** Only what setDelays registered for this name, without the defaults. */
  explicitDelays(accountId: string, region: string, name: string): LifecycleDelays | undefined {
    return this.delays.get(`${scopeKey(accountId, region)}/${name}`);
  }

  /** Remembers delays for a name (existing or future) and re-times a Pending phase in course. */
  setDelays(accountId: string, region: string, name: string, delays: LifecycleDelays): void {
    const key = `${scopeKey(accountId, region)}/${name}`;
    this.delays.set(key, { ...this.delays.get(key), ...delays });
    const rec = this.scope(accountId, region, false)?.get(name);
    if (rec && delays.pendingMs !== undefined && rec.config.State === "Pending") {
      rec.pendingUntil = phaseEnd(rec.pendingSince, delays.pendingMs);
    }
  }

  /** A new RevisionId and LastModified, as every successful write does in Lambda. */
  touch(rec: FunctionRecord): void {
    rec.config.RevisionId = randomUUID();
    rec.config.LastModified = lambdaTimestamp(this.now());
  }

  /**
   * Forces state fields (scenarios). Forcing State or LastUpdateStatus cancels the timed
   * transition of that field: a forced Pending stays Pending until told otherwise.
   */
  setState(rec: FunctionRecord, patch: StatePatch): void {
    const c = rec.config;
    if (patch.State !== undefined) {
      c.State = patch.State;
      rec.pendingSince = this.now();
      rec.pendingUntil = null;
      if (patch.State !== "Deleting") rec.deleteAt = null;
    }
    if (patch.LastUpdateStatus !== undefined) {
      setOptional(c, "LastUpdateStatus", patch.LastUpdateStatus);
      rec.updateUntil = null;
    }
    setOptional(c, "StateReason", patch.StateReason);
    setOptional(c, "StateReasonCode", patch.StateReasonCode);
    setOptional(c, "LastUpdateStatusReason", patch.LastUpdateStatusReason);
    setOptional(c, "LastUpdateStatusReasonCode", patch.LastUpdateStatusReasonCode);
    if (patch.CodeSha256 !== undefined && patch.CodeSha256 !== c.CodeSha256) {
      c.CodeSha256 = patch.CodeSha256;
      this.touch(rec);
    }
  }

  private settle(fns: ScopeFunctions, rec: FunctionRecord): FunctionRecord | undefined {
    const t = this.now();
    const c = rec.config;
    if (rec.deleteAt !== null && t >= rec.deleteAt) {
      fns.delete(c.FunctionName);
      return undefined;
    }
    if (c.State === "Pending" && rec.pendingUntil !== null && t >= rec.pendingUntil) {
      // Creation finished (Lambda developer guide, "Lambda function states").
      c.State = "Active";
      delete c.StateReason;
      delete c.StateReasonCode;
      c.LastUpdateStatus = "Successful";
      delete c.LastUpdateStatusReason;
      delete c.LastUpdateStatusReasonCode;
      rec.pendingUntil = null;
    }
    if (c.LastUpdateStatus === "InProgress" && rec.updateUntil !== null && t >= rec.updateUntil) {
      c.LastUpdateStatus = "Successful";
      delete c.LastUpdateStatusReason;
      delete c.LastUpdateStatusReasonCode;
      rec.updateUntil = null;
    }
    return rec;
  }

  /** A complete record from partial fields, with the defaults a plain Zip function has. */
  build(accountId: string, region: string, fn: Partial<SimLambdaFunction> & { FunctionName: string }): FunctionRecord {
    const t = this.now();
    const { Tags, ...fields } = fn;
    const config: FunctionConfig = {
      Runtime: "nodejs20.x",
      Role: `arn:aws:iam::${accountId}:role/lambda-exec`,
      Handler: "index.handler",
      CodeSha256: fn.CodeSha256 ?? sha256Base64(`sim-code:${fn.FunctionName}`),
      CodeSize: 1024,
      Description: "",
      Timeout: 3,
      MemorySize: 128,
      LastModified: fn.LastModified ?? lambdaTimestamp(t),
      RevisionId: randomUUID(),
      Version: "$LATEST",
      State: "Active",
      LastUpdateStatus: "Successful",
      PackageType: "Zip",
      Architectures: ["x86_64"],
      ...stripUndefined(fields),
      FunctionName: fn.FunctionName,
      FunctionArn: functionArn(region, accountId, fn.FunctionName),
    };
    return {
      config,
      tags: { ...(Tags ?? {}) },
      pendingSince: t,
      pendingUntil: null,
      updateUntil: null,
      deleteAt: null,
    };
  }
}

/** One account and region's functions, with a name-sorted index for ListFunctions paging. */
class ScopeFunctions {
  private readonly byName = new Map<string, FunctionRecord>();
  private sorted: string[] | null = null;

  get(name: string): FunctionRecord | undefined {
    return this.byName.get(name);
  }

  set(rec: FunctionRecord): void {
    if (!this.byName.has(rec.config.FunctionName)) this.sorted = null;
    this.byName.set(rec.config.FunctionName, rec);
  }

  delete(name: string): boolean {
    const had = this.byName.delete(name);
    if (had) this.sorted = null;
    return had;
  }

  /** Code-unit order, the same order the marker comparison uses. Do not mutate the result. */
  sortedNames(): readonly string[] {
    this.sorted ??= [...this.byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sorted;
  }
}

/** Index of the first name strictly greater than `after` (binary search). */
function firstAfter(names: readonly string[], after: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type OptionalStateKey = "StateReason" | "StateReasonCode" | "LastUpdateStatus" | "LastUpdateStatusReason" | "LastUpdateStatusReasonCode";

/** undefined: leave alone; null: remove the field (AWS omits absent fields). */
function setOptional(c: FunctionConfig, key: OptionalStateKey, value: string | null | undefined): void {
  if (value === undefined) return;
  if (value === null) delete c[key];
  else c[key] = value;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A deep copy for callers outside the store: they must not mutate the model by accident. */
export function snapshot(rec: FunctionRecord): SimLambdaFunction {
  return structuredClone({ ...rec.config, Tags: rec.tags });
}
