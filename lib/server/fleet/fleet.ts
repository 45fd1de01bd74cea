import "server-only";
import type { AwsState, ClusterSummary, DiagnoseSettings, FunctionRow, Health, Verdict } from "@/lib/domain/schemas";
import { toFunctionFacts, type FunctionFacts } from "@/lib/domain/function-object";
import { diagnose } from "@/lib/domain/diagnose";
import { ClusterConnection, type ClusterListener } from "../kube/cluster";
import type { ClusterContext } from "../kube/kubeconfig";
import type { AccountStatus, AwsStateReader } from "../aws/reader";

/**
 * The in-memory fleet: every Function of every cluster, the namespaces' annotations, each
 * cluster's controller, and the live AWS state (from the AWS reader it is given), combined into
 * rows with a verdict. Built by the server app (lib/server/app.ts). Listeners hear about every
 * row change.
 */
export interface FleetOptions {
  settings: DiagnoseSettings;
  now?: () => number;
  clusterProbeMs?: number;
}

interface Entry {
  raw: unknown;
  facts: FunctionFacts;
  observedAt: number;
  /** The last verdict and what it was computed from (see verdictFor). */
  verdict?: { inputs: unknown; at: number; value: Verdict };
}

/**
 * diagnose() costs about 30 µs; 50,000 of them per request would be 1.5 s. A verdict is
 * reused while its inputs are the same objects and it is younger than this: the clock only
 * matters at the (minutes-long) pending and deletion timeouts.
 */
const VERDICT_TTL_MS = 15_000;

export type FleetEvent =
  | { type: "row"; id: string; row: FunctionRow | null }
  | { type: "cluster"; name: string }
  /** An AWS account/region became unreadable, throttled, or readable again. */
  | { type: "accounts" }
  /** A (re)list of a cluster's Functions replaced what was known: `ids` is everything now there. */
  | { type: "listed"; cluster: string; ids: string[] };

export class Fleet implements ClusterListener {
  readonly clusters = new Map<string, ClusterConnection>();
  private readonly entries = new Map<string, Entry>();
  /** Objects that could not be parsed, by id: shown as problems, never crash anything. */
  readonly rejected = new Map<string, string>();
  readonly aws: AwsStateReader;
  private readonly listeners = new Set<(e: FleetEvent) => void>();
  private readonly now: () => number;
  private rowsCache: { at: number; rows: FunctionRow[] } | null = null;
  private annotate: ((facts: FunctionFacts) => FunctionFacts) | null = null;

  constructor(
    contexts: ClusterContext[],
    aws: AwsStateReader,
    private readonly opts: FleetOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.aws = aws;
    aws.subscribe({
      accountsChanged: () => this.emit({ type: "accounts" }),
      stateChanged: (id) => {
        // A new AWS state can change the verdict, and so how urgently it is re-read.
        const e = this.entries.get(id);
        if (e) this.track(id, e);
        this.changed(id);
      },
    });
    for (const ctx of contexts) {
      this.clusters.set(ctx.name, new ClusterConnection(ctx, this, { now: this.now, probeIntervalMs: opts.clusterProbeMs }));
    }
  }

  /** Starts watching every cluster. Reading AWS is started apart (aws.start()): it is a role. */
  start(): void {
    for (const c of this.clusters.values()) c.start();
  }

  stop(): void {
    for (const c of this.clusters.values()) c.stop();
  }

  subscribe(fn: (e: FleetEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Lets the timeline recorder add what it knows to each object's facts (conditionsFirstSeen). */
  setFactsAnnotator(fn: ((facts: FunctionFacts) => FunctionFacts) | null): void {
    this.annotate = fn;
  }

  // ClusterListener --------------------------------------------------------------------
  functionChanged(cluster: string, key: string, obj: unknown | null): void {
    const id = `${cluster}/${key}`;
    if (obj === null) {
      this.entries.delete(id);
      this.rejected.delete(id);
      this.aws.remove(id);
    } else {
      this.upsert(cluster, id, obj);
    }
    this.changed(id);
  }

  functionsReplaced(cluster: string, objs: unknown[]): void {
    const seen = new Set<string>();
    for (const obj of objs) {
      const m = (obj as { metadata?: { namespace?: unknown; name?: unknown } } | null)?.metadata;
      if (!m || typeof m.namespace !== "string" || typeof m.name !== "string") continue;
      const id = `${cluster}/${m.namespace}/${m.name}`;
      seen.add(id);
      this.upsert(cluster, id, obj);
      this.changed(id);
    }
    for (const id of [...this.entries.keys()]) {
      if (id.startsWith(`${cluster}/`) && !seen.has(id)) {
        this.entries.delete(id);
        this.aws.remove(id);
        this.changed(id);
      }
    }
    if (this.listeners.size > 0) this.emit({ type: "listed", cluster, ids: [...seen] });
  }

  clusterChanged(cluster: string): void {
    // Namespace annotations take part in region/account resolution: re-derive the facts.
    const conn = this.clusters.get(cluster);
    if (conn) {
      for (const [id, e] of this.entries) {
        if (e.facts.cluster !== cluster) continue;
        const next = toFunctionFacts(e.raw, cluster, { annotations: conn.namespaces.get(e.facts.namespace) });
        if (next.ok && (next.facts.region !== e.facts.region || next.facts.accountId !== e.facts.accountId)) {
          e.facts = this.annotate ? this.annotate(next.facts) : next.facts;
          this.track(id, e);
        }
      }
    }
    this.rowsCache = null;
    this.emit({ type: "cluster", name: cluster });
  }

  // ------------------------------------------------------------------------------------
  private upsert(cluster: string, id: string, obj: unknown): void {
    const ns = (obj as { metadata?: { namespace?: string } }).metadata?.namespace ?? "";
    const parsed = toFunctionFacts(obj, cluster, { annotations: this.clusters.get(cluster)?.namespaces.get(ns) });
    if (!parsed.ok) {
      this.rejected.set(id, parsed.error);
      this.entries.delete(id);
      this.aws.remove(id);
      return;
    }
    this.rejected.delete(id);
    const prev = this.entries.get(id);
    const facts = this.annotate ? this.annotate(parsed.facts) : parsed.facts;
    const entry: Entry = { raw: obj, facts, observedAt: this.now() };
    this.entries.set(id, entry);
    this.track(id, entry);
    if (prev && (prev.facts.statusState !== facts.statusState || prev.facts.deletionTimestamp !== facts.deletionTimestamp)) {
      this.aws.nudge(id);
    }
  }

  /** Keeps the AWS reader's target list in step with the object. */
  private track(id: string, entry: Entry): void {
    const facts = entry.facts;
    const functionName = facts.arn ?? facts.awsName;
    if (!facts.accountId || !facts.region || !functionName) {
      this.aws.remove(id);
      return;
    }
    // The verdict is cached on the entry, so the rows that follow reuse it.
    const health = this.verdictFor(entry, this.aws.get(id)).health;
    this.aws.upsert({ id, loc: { accountId: facts.accountId, region: facts.region, functionName }, urgent: health !== "healthy" });
  }

  private changed(id: string): void {
    this.rowsCache = null;
    if (this.listeners.size === 0) return;
    this.emit({ type: "row", id, row: this.row(id) });
  }

  private emit(e: FleetEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  get settings(): DiagnoseSettings {
    return this.opts.settings;
  }

  private verdictFor(e: Entry, aws: AwsState | null): Verdict {
    const controller = this.clusters.get(e.facts.cluster)?.controller ?? null;
    const now = this.now();
    const c = e.verdict;
    const inputs = c?.inputs as [FunctionFacts, AwsState | null, unknown] | undefined;
    if (c && inputs && inputs[0] === e.facts && inputs[1] === aws && inputs[2] === controller && now - c.at < VERDICT_TTL_MS) {
      return c.value;
    }
    const value = diagnose(e.facts, aws, controller, now, this.opts.settings);
    e.verdict = { inputs: [e.facts, aws, controller], at: now, value };
    return value;
  }

  raw(id: string): unknown | null {
    return this.entries.get(id)?.raw ?? null;
  }

  facts(id: string): FunctionFacts | null {
    return this.entries.get(id)?.facts ?? null;
  }

  row(id: string): FunctionRow | null {
    const e = this.entries.get(id);
    return e ? this.toRow(e) : null;
  }

  private toRow(e: Entry): FunctionRow {
    const f = e.facts;
    const aws = this.aws.get(f.id);
    const conn = this.clusters.get(f.cluster);
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
      aws,
      verdict: this.verdictFor(e, aws),
      stale: conn ? !conn.state.connected : true,
      observedAt: new Date(e.observedAt).toISOString(),
    };
  }

  /** All rows, computed at most once a second (verdicts depend on the clock through timeouts). */
  rows(): FunctionRow[] {
    const now = this.now();
    if (this.rowsCache && now - this.rowsCache.at < 1000) return this.rowsCache.rows;
    const rows = [...this.entries.values()].map((e) => this.toRow(e));
    this.rowsCache = { at: now, rows };
    return rows;
  }

  clusterSummaries(rows: FunctionRow[] = this.rows()): ClusterSummary[] {
    const counts = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const c = counts.get(r.cluster) ?? {};
      c[r.verdict.health] = (c[r.verdict.health] ?? 0) + 1;
      counts.set(r.cluster, c);
    }
    return [...this.clusters.values()].map((c) => {
      const healthCounts = counts.get(c.name) ?? {};
      return {
        name: c.name,
        connected: c.state.connected,
        lastSyncAt: c.state.lastSyncAt ? new Date(c.state.lastSyncAt).toISOString() : null,
        ...(c.state.error && !c.state.connected ? { error: c.state.error } : {}),
        functionCount: Object.values(healthCounts).reduce((a, b) => a + b, 0),
        ...(c.controller ? { controller: c.controller } : {}),
        healthCounts: healthCounts as Record<Health, number>,
      };
    });
  }

  awsAccounts(): AccountStatus[] {
    return this.aws.accountStatuses();
  }
}
