import "server-only";
import type { PermissionSettings } from "@/lib/domain/cluster-permissions";
import { followConditions, firstSeenTimes, type ConditionsSeen } from "@/lib/domain/conditions-seen";
import { healthCountsByCluster, isStaleCluster, type HealthCounts } from "@/lib/domain/fleet-summary";
import { toFunctionFacts, type FunctionFacts, type FunctionFactsResult } from "@/lib/domain/function-object";
import type { AwsState, ClusterSummary, FunctionRow, Verdict } from "@/lib/domain/wire/fleet";
import type { DiagnoseSettings } from "@/lib/domain/diagnose-settings";
import type { Health } from "@/lib/domain/health";
import { field } from "@/lib/domain/safe-values";
import type { AccountStatus, AwsStateReader } from "../aws/reader";
import { ClusterConnection, type ClusterListener } from "../kube/cluster";
import type { ClusterContext } from "../kube/kubeconfig";
import type { FirstPages } from "../kube/first-pages";
import type { Telemetry } from "../telemetry";
import type { FleetEvent, FleetListener } from "./events";
import { RowIndex } from "./row-index";
import { inSlices } from "./in-slices";
import { DueIds } from "./due-ids";
import { VERDICT_TTL_MS, cachedVerdict, sweptVerdict, toClusterSummary, toRow, verdictChangesAtOf, type VerdictCache } from "./row";

/**
 * The in-memory fleet: every Function of every cluster, the namespaces' annotations, each
 * cluster's controller, and the live AWS state (from the AWS reader it is given), combined into
 * rows with a verdict. Built by the server app (lib/server/app.ts).
 *
 * Data flows one way: the clusters and the AWS reader tell the fleet what changed; the fleet
 * tells its listeners (./events.ts), each event carrying what they need, and never asks them
 * anything back. It follows since when each condition has held its status itself
 * (conditions-seen.ts), seeded at start with what the timeline recorded.
 */
export interface FleetOptions {
  settings: DiagnoseSettings;
  now?: () => number;
  clusterProbeMs?: number;
  /** The region of last resort (AWS_REGION) for a Function nothing else gives a region. */
  defaultRegion?: string | null;
  /** How often verdicts that depend on the clock are looked at again (default 15 s). */
  verdictSweepMs?: number;
  /** Where the ACK controller's Deployment is looked for (ACK_FLEET_CONTROLLER_NAMESPACES); empty: every namespace. */
  controllerNamespaces?: string[];
  /** What the permission self-check of each cluster asks for (lib/domain/cluster-permissions.ts); absent: none. */
  permissions?: PermissionSettings;
  /** Told of each watch's lists and restarts. */
  telemetry?: Telemetry;
  /** Each cluster's first list pages, asked at boot before the app was built (../kube/first-pages.ts). */
  firstPages?: FirstPages;
}

/**
 * What the fleet keeps of each Function: its facts, not the raw object (the detail route reads
 * that from the cluster when asked). What a namespace change needs to derive the region, the
 * account and the deletion policy again is kept apart, small: the two status fields that take
 * part (usually the very strings the facts hold) and the namespace annotations it was read with.
 */
interface Entry extends VerdictCache {
  facts: FunctionFacts;
  /** status.ackResourceMetadata.region and .ownerAccountID as the object had them (any type). */
  statusRegion: unknown;
  ownerAccountID: unknown;
  /** The namespace's annotations the facts were derived with (ClusterConnection replaces, never edits, them). */
  nsAnnotations: Record<string, string> | undefined;
  seen: ConditionsSeen;
  observedAt: number;
}

/** Where following a Function's conditions starts when it is first seen (what was recorded). */
export interface ConditionsSeed {
  cluster: string;
  uid: string;
  /** metadata.creationTimestamp, when recorded: with the uid it names one object. */
  created?: string | null;
  conditions: ConditionsSeen;
}

/** Namespace annotations decide these (docs/ack-lambda-controller.md precedence, function-object.ts). */
const NAMESPACE_DERIVED = ["region", "regionSource", "accountId", "deletionPolicy", "deletionPolicySource"] as const;

/**
 * The timer's verdict sweep looks at this many Functions per turn of the event loop at most, and
 * for about this long (./in-slices.ts): a diagnosis costs more on a busy machine.
 */
const SWEEP_SLICE = 250;
const SWEEP_SLICE_MS = 8;

export class Fleet implements ClusterListener {
  readonly clusters = new Map<string, ClusterConnection>();
  private readonly entries = new Map<string, Entry>();
  /** Objects that could not be parsed, by id: shown as problems, never crash anything. */
  readonly rejected = new Map<string, string>();
  readonly aws: AwsStateReader;
  private readonly listeners = new Set<FleetListener>();
  private readonly now: () => number;
  /** Every row, kept up to date at each change, with the list API's sorted orders and caches. */
  readonly index = new RowIndex();
  /** The health each row had in its last row event: the pushed per-cluster counts. */
  private readonly shown = new Map<string, { cluster: string; health: Health }>();
  /** Clusters whose Functions were listed at least once (a relist can tell what went). */
  private readonly listed = new Set<string>();
  /** The ids named so far by the list of each cluster under way. */
  private readonly listing = new Map<string, Set<string>>();
  /**
   * How many ids of each cluster are known (in entries or rejected): a list that named as many
   * left none to forget, and its end does not look at every Function of the fleet for them.
   */
  private readonly known = new Map<string, number>();
  private readonly seeds = new Map<string, ConditionsSeed>();
  /**
   * The unsettled Functions (shown health not healthy: what the sweep looks at) by the instant
   * their row's verdict may next change on the clock alone (lib/domain/diagnose/changes-at.ts):
   * the sweep takes those whose instant has come, not every unsettled one.
   */
  private readonly due = new DueIds();
  /**
   * Unsettled Functions whose row changed since the last sweep: their instant is found by the
   * next sweep, in its slices (~3 µs each; at 50,000, ~36,000 of them at start, when each
   * row event had paid for it at once on the cold start's path).
   */
  private readonly unscheduled = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Stops the timer's sweep still under way (./in-slices.ts). */
  private sweepRest: (() => void) | null = null;

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
      this.clusters.set(ctx.name, new ClusterConnection(ctx, this, { now: this.now, probeIntervalMs: opts.clusterProbeMs, controllerNamespaces: opts.controllerNamespaces, permissions: opts.permissions, telemetry: opts.telemetry, firstPages: opts.firstPages }));
    }
  }

  /** Starts watching every cluster. Reading AWS is started apart (aws.start()): it is a role. */
  start(): void {
    for (const c of this.clusters.values()) c.start();
    this.sweepTimer ??= setInterval(() => {
      // The last sweep is still going: it already looks at what is unsettled.
      this.sweepRest ??= inSlices(this.toSweep(), { size: SWEEP_SLICE, sliceMs: SWEEP_SLICE_MS }, (id) => this.sweepIfDue(id), () => (this.sweepRest = null));
    }, this.opts.verdictSweepMs ?? VERDICT_TTL_MS);
    this.sweepTimer.unref?.();
  }

  stop(): void {
    for (const c of this.clusters.values()) c.stop();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.sweepRest?.();
    this.sweepRest = null;
  }

  /**
   * Hears every change from now on. With `replay`, first hears the fleet as it is: a row event
   * for every Function and a listed event for every cluster listed so far (a recorder started
   * while the fleet runs learns what exists, and what went while it was not listening).
   */
  subscribe(fn: FleetListener, opts: { replay?: boolean } = {}): () => void {
    if (opts.replay) {
      for (const id of this.entries.keys()) fn(this.rowEvent(id));
      for (const cluster of this.listed) fn(this.listedEvent(cluster, this.idsOf(cluster)));
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Where following each Function's conditions starts (the timeline store's snapshots, at start). */
  seedConditions(seeds: Iterable<ConditionsSeed>): void {
    for (const s of seeds) this.seeds.set(`${s.cluster}/${s.uid}`, s);
  }

  // ClusterListener --------------------------------------------------------------------
  functionChanged(cluster: string, key: string, obj: unknown | null): void {
    const id = `${cluster}/${key}`;
    if (obj === null) this.forget(cluster, id);
    else this.upsert(cluster, id, obj);
    this.changed(id);
  }

  /** A whole list at once: its one page, then its end. */
  functionsReplaced(cluster: string, objs: unknown[]): void {
    this.functionsPage(cluster, objs, true);
    this.functionsListed(cluster);
  }

  /**
   * Each page is made into rows (facts, verdicts, the row index) as it arrives: the list API
   * serves them while the rest of the cluster, and the other clusters, are still being listed.
   */
  functionsPage(cluster: string, objs: unknown[], first: boolean): void {
    let seen = this.listing.get(cluster);
    if (first || !seen) this.listing.set(cluster, (seen = new Set()));
    for (const obj of objs) {
      const m = (obj as { metadata?: { namespace?: unknown; name?: unknown } } | null)?.metadata;
      if (!m || typeof m.namespace !== "string" || typeof m.name !== "string") continue;
      const id = `${cluster}/${m.namespace}/${m.name}`;
      seen.add(id);
      this.upsert(cluster, id, obj);
      this.changed(id);
    }
  }

  functionsListed(cluster: string): void {
    const seen = this.listing.get(cluster) ?? new Set<string>();
    this.listing.delete(cluster);
    // Every id the list named is known (each was read into entries or rejected): as many known
    // as named, and none is gone. At a cold start each cluster's end looked at every id of the
    // fleet, and split each one, to find none.
    if ((this.known.get(cluster) ?? 0) > seen.size) {
      for (const id of [...this.entries.keys(), ...this.rejected.keys()]) {
        if (inCluster(id, cluster) && !seen.has(id)) {
          this.forget(cluster, id);
          this.changed(id);
        }
      }
    }
    this.listed.add(cluster);
    this.emit(this.listedEvent(cluster, seen));
  }

  /**
   * A namespace's annotations changed (default region, owner account, deletion policy): its
   * Functions are derived again at once, not at the next relist. `namespace` null: every one.
   */
  namespacesChanged(cluster: string, namespace: string | null): void {
    const conn = this.clusters.get(cluster);
    if (!conn) return;
    for (const [id, e] of this.entries) {
      if (e.facts.cluster !== cluster || (namespace !== null && e.facts.namespace !== namespace)) continue;
      const annotations = conn.namespaces.get(e.facts.namespace);
      if (sameAnnotations(annotations, e.nsAnnotations)) {
        e.nsAnnotations = annotations;
        continue;
      }
      const next = this.rederived(e, annotations);
      e.nsAnnotations = annotations;
      if (!next) continue;
      e.facts = next;
      this.track(id, e);
      this.changed(id);
    }
  }

  /**
   * The facts with the namespace-derived fields read again under new namespace annotations, or
   * null when none of them moves. Only the object's own inputs to those fields take part (its
   * annotations, status region and owner account): read alone, before and after, they give the
   * problems to replace as well.
   */
  private rederived(e: Entry, annotations: Record<string, string> | undefined): FunctionFacts | null {
    const f = e.facts;
    const inputs = {
      metadata: { name: f.name, namespace: f.namespace, annotations: f.annotations },
      status: { ackResourceMetadata: { region: e.statusRegion, ownerAccountID: e.ownerAccountID } },
    };
    const read = (ann: Record<string, string> | undefined) => toFunctionFacts(inputs, f.cluster, { annotations: ann, defaultRegion: this.opts.defaultRegion });
    const before = read(e.nsAnnotations);
    const after = read(annotations);
    if (!before.ok || !after.ok) return null;
    const same = NAMESPACE_DERIVED.every((k) => after.facts[k] === f[k]) && after.facts.problems.join("\n") === before.facts.problems.join("\n");
    if (same) return null;
    const problems = [...f.problems];
    for (const p of before.facts.problems) {
      const at = problems.indexOf(p);
      if (at >= 0) problems.splice(at, 1);
    }
    const derived = Object.fromEntries(NAMESPACE_DERIVED.map((k) => [k, after.facts[k]])) as Pick<FunctionFacts, (typeof NAMESPACE_DERIVED)[number]>;
    // A copy of the same shape with existing fields set: a spread that adds or reorders fields
    // would make a hidden class per Function (see withFirstSeen).
    const next = { ...f };
    Object.assign(next, derived);
    next.problems = [...problems, ...after.facts.problems];
    return next;
  }

  /** The connection, the controller or the permissions changed: the summary does; with a controller, verdicts may. */
  clusterChanged(cluster: string, what: "connection" | "controller" | "permissions"): void {
    if (what === "permissions") {
      /* only the summary says what the dashboard lacks */
    } else if (what === "connection") {
      // Whether its rows are stale follows the connection (toRow): the list's rows follow too.
      // Only that flag moves: each row is copied with it, its verdict kept (the sweep looks at
      // the unsettled ones again). A cluster connects once its first list is complete, so at
      // start this ran toRow, and often diagnose (verdicts older than VERDICT_TTL_MS), for every
      // Function of the cluster: ~1.8 s of a 50,000 cold start.
      const stale = isStaleCluster(this.clusters.get(cluster)?.state);
      for (const [id, e] of this.entries) {
        if (e.facts.cluster !== cluster) continue;
        const row = this.index.get(id);
        if (!row) this.index.set(id, this.toRow(e));
        // Its JSON text follows from the row's, not made again (RowIndex.withStale).
        else if (row.stale !== stale) this.index.set(id, this.index.withStale(row, stale));
      }
    } else {
      for (const [id, e] of this.entries) {
        if (e.facts.cluster !== cluster) continue;
        this.track(id, e);
        this.changed(id);
      }
    }
    this.emit({ type: "summary", cluster });
  }

  /**
   * A Function object of `cluster` read as the fleet reads it: with its namespace's annotations
   * and the region of last resort (remediation reads a fresh object the same way).
   */
  readFunction(cluster: string, obj: unknown): FunctionFactsResult {
    const ns = (obj as { metadata?: { namespace?: unknown } } | null)?.metadata?.namespace;
    const annotations = typeof ns === "string" ? this.clusters.get(cluster)?.namespaces.get(ns) : undefined;
    return toFunctionFacts(obj, cluster, { annotations, defaultRegion: this.opts.defaultRegion });
  }

  // ------------------------------------------------------------------------------------
  private upsert(cluster: string, id: string, obj: unknown): void {
    const parsed = this.readFunction(cluster, obj);
    if (!this.entries.has(id) && !this.rejected.has(id)) this.known.set(cluster, (this.known.get(cluster) ?? 0) + 1);
    if (!parsed.ok) {
      this.rejected.set(id, parsed.error);
      this.entries.delete(id);
      this.aws.remove(id);
      return;
    }
    this.rejected.delete(id);
    const prev = this.entries.get(id);
    const now = this.now();
    const before = prev && prev.facts.uid === parsed.facts.uid ? prev.seen : this.takeSeed(parsed.facts);
    const seen = followConditions(before, parsed.facts, now);
    const meta = field(field(obj, "status"), "ackResourceMetadata");
    const entry: Entry = {
      facts: withFirstSeen(parsed.facts, seen),
      statusRegion: field(meta, "region"),
      ownerAccountID: field(meta, "ownerAccountID"),
      nsAnnotations: this.clusters.get(cluster)?.namespaces.get(parsed.facts.namespace),
      seen,
      observedAt: now,
    };
    this.entries.set(id, entry);
    this.track(id, entry);
    if (prev && (prev.facts.statusState !== entry.facts.statusState || prev.facts.deletionTimestamp !== entry.facts.deletionTimestamp)) {
      this.aws.nudge(id);
    }
  }

  private forget(cluster: string, id: string): void {
    if (this.entries.has(id) || this.rejected.has(id)) this.known.set(cluster, (this.known.get(cluster) ?? 0) - 1);
    this.entries.delete(id);
    this.rejected.delete(id);
    this.aws.remove(id);
  }

  private takeSeed(facts: FunctionFacts): ConditionsSeen | null {
    const key = `${facts.cluster}/${facts.uid}`;
    const seed = this.seeds.get(key);
    if (!seed) return null;
    this.seeds.delete(key);
    // The same uid with another creation is another object (a cluster made anew).
    return seed.created === undefined || seed.created === facts.creationTimestamp ? seed.conditions : null;
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

  /** Tells the listeners; when the row's health moved, its cluster's counts did too. */
  private changed(id: string): void {
    const event = this.rowEvent(id);
    this.index.set(id, event.row);
    const before = this.shown.get(id);
    const health = event.row?.verdict.health ?? null;
    if (health !== (before?.health ?? null)) {
      if (event.row) this.shown.set(id, { cluster: event.row.cluster, health: event.row.verdict.health });
      else this.shown.delete(id);
    }
    if (health !== null && health !== "healthy") this.unscheduled.add(id);
    else {
      this.unscheduled.delete(id);
      this.due.delete(id);
    }
    this.emit(event);
    if (health !== (before?.health ?? null)) this.emit({ type: "summary", cluster: event.row?.cluster ?? before!.cluster });
  }

  /**
   * Verdicts move with the clock too (pending and deletion timeouts): look at the unsettled ones
   * again. A new health is a row event (and the AWS reader's urgency); a verdict that only
   * reads differently (its summary) is brought into the list's rows without an event.
   */
  sweepVerdicts(): void {
    for (const id of this.toSweep()) this.sweepIfDue(id);
  }

  /** What a sweep looks at: the Functions whose instant has come, and those still to be scheduled. */
  private toSweep(): string[] {
    const ids = [...this.unscheduled, ...this.due.takeDue(this.now())];
    this.unscheduled.clear();
    return ids;
  }

  /** Looks at the verdict again when its instant has come, else schedules it. */
  private sweepIfDue(id: string): void {
    const shown = this.shown.get(id);
    const e = this.entries.get(id);
    // Settled or gone since it was queued (changed() took it off the schedule then).
    if (!shown || shown.health === "healthy" || !e) return;
    const at = verdictChangesAtOf(e, this.opts.settings);
    if (at <= this.now()) this.sweepOne(id);
    else this.due.set(id, at);
  }

  /**
   * Round 9's sweep, which looked at every unsettled Function (~49,000 of 50,000 in the AWS first
   * pass): what the sweep above must leave the same (the tests compare both).
   */
  sweepAllVerdicts(): void {
    const ids: string[] = [];
    for (const [id, shown] of this.shown) if (shown.health !== "healthy") ids.push(id);
    for (const id of ids) this.sweepOne(id);
  }

  private sweepOne(id: string): void {
    const shown = this.shown.get(id);
    const e = this.entries.get(id);
    if (!shown || shown.health === "healthy" || !e) return;
    const aws = this.aws.get(id);
    const verdict = sweptVerdict(e, e.facts, aws, this.clusters.get(e.facts.cluster)?.controller ?? null, this.now(), this.opts.settings);
    if (verdict.health !== shown.health) {
      this.track(id, e);
      this.changed(id);
      return;
    }
    if (!sameRowVerdict(verdict, this.index.get(id)?.verdict)) this.index.set(id, this.toRow(e));
    // The next look: when the verdict the row carries may change (a due one was just made anew
    // by sweptVerdict, so its next instant is ahead).
    this.due.set(id, verdictChangesAtOf(e, this.opts.settings));
  }

  private rowEvent(id: string): Extract<FleetEvent, { type: "row" }> {
    const e = this.entries.get(id);
    return {
      type: "row",
      id,
      row: e ? this.toRow(e) : null,
      facts: e?.facts ?? null,
      aws: e ? this.aws.get(id) : null,
      rejected: this.rejected.has(id),
    };
  }

  private listedEvent(cluster: string, ids: Iterable<string>): Extract<FleetEvent, { type: "listed" }> {
    const uids: string[] = [];
    const rejected: string[] = [];
    const all: string[] = [];
    for (const id of ids) {
      all.push(id);
      const e = this.entries.get(id);
      if (e) uids.push(e.facts.uid);
      else if (this.rejected.has(id)) rejected.push(id);
    }
    return { type: "listed", cluster, ids: all, uids, rejectedIds: rejected };
  }

  private idsOf(cluster: string): string[] {
    return [...this.entries.keys(), ...this.rejected.keys()].filter((id) => inCluster(id, cluster));
  }

  private emit(e: FleetEvent): void {
    // Cluster summaries and account statuses are in list answers too: a new version of them.
    if (e.type === "summary" || e.type === "accounts") this.index.bump();
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
    return cachedVerdict(e, e.facts, aws, this.clusters.get(e.facts.cluster)?.controller ?? null, this.now(), this.opts.settings);
  }

  facts(id: string): FunctionFacts | null {
    return this.entries.get(id)?.facts ?? null;
  }

  /** The Function's whole verdict, its reasons' sentences and sources with it (the detail's; rows carry the codes). */
  verdict(id: string): Verdict | null {
    const e = this.entries.get(id);
    return e ? this.verdictFor(e, this.aws.get(e.facts.id)) : null;
  }

  row(id: string): FunctionRow | null {
    const e = this.entries.get(id);
    return e ? this.toRow(e) : null;
  }

  private toRow(e: Entry): FunctionRow {
    const aws = this.aws.get(e.facts.id);
    return toRow(e.facts, aws, this.verdictFor(e, aws), this.clusters.get(e.facts.cluster), e.observedAt);
  }

  /** All rows as of the last change (one array per version of the index; do not mutate it). */
  rows(): FunctionRow[] {
    return this.index.rows();
  }

  /**
   * Each cluster's connection, controller and health counts. The counts are those of `rows`
   * when given (a list answer: the same rows it carries, or the index's counts of them), else
   * the row index's, kept one change at a time from the row events sent (what a live client holds).
   */
  clusterSummaries(rows?: FunctionRow[] | Map<string, HealthCounts>): ClusterSummary[] {
    const counts = rows instanceof Map ? rows : rows ? healthCountsByCluster(rows) : this.index.healthCounts();
    return [...this.clusters.values()].map((c) => toClusterSummary(c, counts.get(c.name) ?? {}));
  }

  awsAccounts(): AccountStatus[] {
    return this.aws.accountStatuses();
  }
}

/** "cluster/namespace/name" of this cluster (a context name may hold "/": an EKS ARN). */
function inCluster(id: string, cluster: string): boolean {
  return id.startsWith(`${cluster}/`) && id.split("/").length === cluster.split("/").length + 2;
}

/**
 * Equal JSON values (what JSON.stringify of both would tell, but for the order of keys), without
 * making their texts: the sweep compares every unsettled verdict each 15 s, and two texts per
 * Function were most of its time and its garbage at 50,000.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Whether a row carrying `verdict` would carry `row` (sameJson(rowVerdict(verdict), row)), without
 * making the row's copy of the verdict: at 50,000 Functions in the AWS first pass ~49,000 are
 * unsettled (their AWS state not read yet), and the sweep made a copy of each verdict, and a
 * WeakMap entry for it, every 15 s only to compare it and drop it (./row.ts rowVerdict).
 */
export function sameRowVerdict(verdict: Verdict, row: Verdict | undefined): boolean {
  if (!row) return false;
  const a = verdict as unknown as Record<string, unknown>;
  const b = row as unknown as Record<string, unknown>;
  // The same keys (those with a value) and values; no arrays of keys made (49,000 a sweep).
  let keys = 0;
  for (const k in a) {
    if (a[k] === undefined) continue;
    keys++;
    if (!Object.hasOwn(b, k)) return false;
    if (k !== "reasons" && !sameJson(a[k], b[k])) return false;
  }
  for (const k in b) if (b[k] !== undefined) keys--;
  if (keys !== 0) return false;
  // A row's reasons are their codes alone.
  const reasons = b.reasons;
  if (!Array.isArray(reasons) || reasons.length !== verdict.reasons.length) return false;
  return verdict.reasons.every((r, i) => {
    const x = reasons[i] as Record<string, unknown> | null;
    return typeof x === "object" && x !== null && !Array.isArray(x) && x.code === r.code && Object.keys(x).every((k) => k === "code" || x[k] === undefined);
  });
}

/** Shallowly equal namespace annotations (a relist makes new objects of unchanged ones). */
function sameAnnotations(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * Since when the conditions hold, set on facts just read (`readFunction` made them; nothing else
 * holds them yet). Not `{ ...facts, conditionsFirstSeen }`: V8 gives each object made by a
 * spread that adds a property a hidden class of its own, a map and a ~0.8 KB descriptor array
 * per Function (bench:memory's heap snapshot), besides a second copy of every field; a property
 * added to the object literal's shape follows one shared transition.
 */
function withFirstSeen(fresh: FunctionFacts, seen: ConditionsSeen): FunctionFacts {
  const firstSeen = firstSeenTimes(seen);
  if (firstSeen) fresh.conditionsFirstSeen = firstSeen;
  return fresh;
}
