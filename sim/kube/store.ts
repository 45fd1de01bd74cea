/**
 * The simulated etcd plus the storage-level lifecycle rules of kube-apiserver's generic
 * registry: one resourceVersion counter per cluster, a bounded window of watch history (older
 * resumes get 410 Expired), finalizer-aware deletion, generation bumps on spec changes.
 *
 * `SimStore` is also the seeding API for scenarios and benchmarks: it bypasses HTTP, auth and
 * validation, but still bumps resourceVersion and emits watch events.
 */
import { randomUUID } from "node:crypto";
import type { KubeObject } from "./metadata";
import { clone, deepEqual } from "./patch";
import { type ResourceDef, resourceByKey, resourceForObject } from "./resources";
import { errors } from "./status";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface HistoryEntry {
  rv: number;
  resource: string;
  key: string;
  type: WatchEventType;
  /** State after the change (for DELETED: the last state, with the deletion's resourceVersion). */
  object: KubeObject;
  /** State before the change; undefined for ADDED. */
  prev?: KubeObject;
}

export type StoreListener = (e: HistoryEntry) => void;

/**
 * One resource's objects as of a resourceVersion, for LIST: keys in etcd order and a lookup.
 * The objects are the stored ones (never copied): read, never mutate.
 */
export interface ListSource {
  keys: readonly string[];
  get(key: string): KubeObject | undefined;
}

/** Kubernetes timestamps have second precision (RFC 3339, "Z"). */
export function kubeNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** What generation counts as a "spec change" for: everything but metadata and status. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...obj };
  delete rest.metadata;
  delete rest.status;
  delete rest.apiVersion;
  delete rest.kind;
  return rest;
}

export function specChanged(a: KubeObject, b: KubeObject): boolean {
  return !deepEqual(specPart(a), specPart(b));
}

export class SimStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  /**
   * Keys in etcd order per resource, made when a list asks and dropped when a key comes or goes
   * (an update keeps it): a 50,000-object list pages without sorting on every page.
   */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly history: HistoryEntry[] = [];
  private readonly listeners = new Set<StoreListener>();
  private rv = 0;
  /** Watches and continue tokens older than this get 410 Expired. */
  private compactedRv = 0;

  constructor(private readonly historyLimit = 1000) {}

  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** Internal: numeric form used by list/watch. */
  revision(): number {
    return this.rv;
  }

  oldestResumableRevision(): number {
    return this.compactedRv;
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let m = this.objects.get(resource);
    if (!m) {
      m = new Map();
      this.objects.set(resource, m);
    }
    return m;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(resource)?.get(objectKey(namespace, name));
    return o && clone(o);
  }

  /** Objects sorted by namespace/name (etcd key order); all namespaces when `namespace` is empty. */
  list(resource: string, namespace?: string): KubeObject[] {
    const m = this.objects.get(resource);
    if (!m) return [];
    return [...m.entries()]
      .filter(([, o]) => !namespace || o.metadata.namespace === namespace)
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([, o]) => clone(o));
  }

  /**
   * Read-only view, no copies: for the list/watch hot paths (callers must not mutate). Stored
   * objects are replaced on every change, never edited in place, so a reference read here (or
   * kept in a watch event) stays the state of that resourceVersion (json-cache.ts relies on it).
   */
  entries(resource: string): Map<string, KubeObject> {
    return this.objects.get(resource) ?? new Map();
  }

  /** The resource's keys in etcd order (namespace/name), cached until a key is added or removed. */
  keysInOrder(resource: string): readonly string[] {
    let keys = this.sortedKeys.get(resource);
    if (!keys) {
      keys = [...this.entries(resource).keys()].sort(compareKeys);
      this.sortedKeys.set(resource, keys);
    }
    return keys;
  }

  /**
   * Create or replace, for seeding. Keeps metadata.uid / creationTimestamp / deletionTimestamp /
   * generation when given (so scenarios can backdate); fills them otherwise. Returns the stored
   * object itself (seeding 50,000 objects copies each once): read it, never mutate it. Creates the
   * namespace of a namespaced object if missing. An object with a deletionTimestamp and no
   * finalizers is removed, as the apiserver would.
   */
  put(input: KubeObject): KubeObject | undefined {
    const def = resourceForObject(input);
    if (!def) throw new Error(`SimStore.put: unknown kind ${input.apiVersion}/${input.kind}`);
    const obj = clone(input);
    obj.metadata = { ...(obj.metadata ?? {}) };
    const { name, namespace } = obj.metadata;
    if (!name) throw new Error("SimStore.put: metadata.name is required");
    if (def.namespaced && !namespace) throw new Error(`SimStore.put: ${def.kind} ${name} needs metadata.namespace`);
    if (!def.namespaced) delete obj.metadata.namespace;
    if (def.namespaced && namespace && !this.objects.get("namespaces")?.has(namespace)) {
      this.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    }
    const existing = this.objects.get(def.key)?.get(objectKey(namespace, name));
    obj.metadata.uid ??= existing?.metadata.uid ?? randomUUID();
    obj.metadata.creationTimestamp ??= existing?.metadata.creationTimestamp ?? kubeNow();
    if (def.tracksGeneration) {
      const given = input.metadata?.generation;
      const old = existing?.metadata.generation;
      if (given !== undefined && given !== old) obj.metadata.generation = given;
      else if (existing && specChanged(existing, obj)) obj.metadata.generation = (old ?? 0) + 1;
      else obj.metadata.generation = old ?? 1;
    }
    if (def.key === "namespaces") defaultNamespace(obj);
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).length) {
      if (existing) this.commitRemove(def, existing);
      return undefined;
    }
    // `obj` is this call's own copy: stored as it is, and returned as the stored object.
    return existing ? this.commitUpdate(def, obj, { adopt: true }) : this.commitCreate(def, obj, { adopt: true });
  }

  /**
   * Deletes like the API does: an object with finalizers only gets a deletionTimestamp (and a
   * generation bump, rest.BeforeDelete); one without is removed. `force` removes it outright.
   * Returns the object left behind, or undefined when it is gone (or was never there).
   */
  delete(resource: string, namespace: string | undefined, name: string, opts: { force?: boolean } = {}): KubeObject | undefined {
    const def = resourceByKey(resource);
    if (!def) throw new Error(`SimStore.delete: unknown resource ${resource}`);
    const existing = this.objects.get(resource)?.get(objectKey(namespace, name));
    if (!existing) return undefined;
    if (opts.force) {
      this.commitRemove(def, existing);
      return undefined;
    }
    return this.requestDeletion(def, existing).remaining;
  }

  /** Drops all watch history: any resume from an earlier resourceVersion gets 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedRv = this.rv;
  }

  // ---- internal API for the REST layer ----

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(entry: Omit<HistoryEntry, "rv">): HistoryEntry {
    const full: HistoryEntry = { ...entry, rv: this.rv };
    this.history.push(full);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift() as HistoryEntry;
      this.compactedRv = dropped.rv;
    }
    for (const l of [...this.listeners]) l(full);
    return full;
  }

  /**
   * `adopt`: `obj` is a private copy nobody else holds; it is stored as it is and returned
   * without a copy. Otherwise the store keeps its own copy and returns another.
   */
  commitCreate(def: ResourceDef, obj: KubeObject, opts: CommitOptions = {}): KubeObject {
    this.rv++;
    const stored = opts.adopt ? obj : clone(obj);
    stored.apiVersion = def.apiVersion;
    stored.kind = def.kind;
    stored.metadata.resourceVersion = String(this.rv);
    const key = objectKey(stored.metadata.namespace, stored.metadata.name as string);
    this.bucket(def.key).set(key, stored);
    this.sortedKeys.delete(def.key);
    this.record({ resource: def.key, key, type: "ADDED", object: stored });
    return opts.adopt ? stored : clone(stored);
  }

  commitUpdate(def: ResourceDef, obj: KubeObject, opts: CommitOptions = {}): KubeObject {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name as string);
    const prev = this.bucket(def.key).get(key);
    if (!prev) return this.commitCreate(def, obj, opts);
    this.rv++;
    const stored = opts.adopt ? obj : clone(obj);
    stored.apiVersion = def.apiVersion;
    stored.kind = def.kind;
    stored.metadata.resourceVersion = String(this.rv);
    this.bucket(def.key).set(key, stored);
    this.record({ resource: def.key, key, type: "MODIFIED", object: stored, prev });
    return opts.adopt ? stored : clone(stored);
  }

  /** Removes the object; the DELETED event carries its last state with the deletion's version. */
  commitRemove(def: ResourceDef, existing: KubeObject): KubeObject {
    const key = objectKey(existing.metadata.namespace, existing.metadata.name as string);
    const prev = this.bucket(def.key).get(key);
    if (!prev) return clone(existing);
    this.rv++;
    this.bucket(def.key).delete(key);
    this.sortedKeys.delete(def.key);
    const last = clone(prev);
    last.metadata.resourceVersion = String(this.rv);
    this.record({ resource: def.key, key, type: "DELETED", object: last, prev });
    return clone(last);
  }

  /** Graceful deletion with finalizers (registry.Store.Delete + rest.BeforeDelete). */
  requestDeletion(def: ResourceDef, existing: KubeObject, dryRun = false): { remaining?: KubeObject; result: KubeObject } {
    const finalizers = existing.metadata.finalizers ?? [];
    if (finalizers.length === 0) {
      return { result: dryRun ? clone(existing) : this.commitRemove(def, existing) };
    }
    if (existing.metadata.deletionTimestamp) return { remaining: clone(existing), result: clone(existing) };
    const next = clone(existing);
    next.metadata.deletionTimestamp = kubeNow();
    next.metadata.deletionGracePeriodSeconds = 0;
    if (def.tracksGeneration && (next.metadata.generation ?? 0) > 0) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
    if (def.key === "namespaces") (next as { status?: Record<string, unknown> }).status = { phase: "Terminating" };
    const saved = dryRun ? next : this.commitUpdate(def, next);
    return { remaining: saved, result: saved };
  }

  /** Events after `sinceRv`, or undefined when that version has been compacted away. */
  eventsSince(sinceRv: number): HistoryEntry[] | undefined {
    if (sinceRv < this.compactedRv) return undefined;
    return this.history.filter((e) => e.rv > sinceRv);
  }

  /**
   * The resource's objects as they were at `atRv` (for consistent paging); throws 410 if
   * compacted. The current objects plus an overlay of what changed since, from the watch
   * history (at most `historyLimit` entries): no copy of the whole resource per page.
   */
  snapshot(resource: string, atRv: number, expiredMessage: string): ListSource {
    const live = this.entries(resource);
    const current: ListSource = { keys: this.keysInOrder(resource), get: (k) => live.get(k) };
    if (atRv >= this.rv) return current;
    if (atRv < this.compactedRv) throw errors.expired(expiredMessage);
    // Walking back from the newest change, the last value set per key is its state at atRv.
    const then = new Map<string, KubeObject | undefined>();
    for (let i = this.history.length - 1; i >= 0 && this.history[i].rv > atRv; i--) {
      const e = this.history[i];
      if (e.resource === resource) then.set(e.key, e.prev);
    }
    if (then.size === 0) return current;
    const get = (k: string) => (then.has(k) ? then.get(k) : live.get(k));
    const sameKeys = [...then].every(([k, o]) => (o !== undefined) === live.has(k));
    if (sameKeys) return { keys: current.keys, get };
    const keys = new Set(current.keys);
    for (const [k, o] of then) {
      if (o) keys.add(k);
      else keys.delete(k);
    }
    return { keys: [...keys].sort(compareKeys), get };
  }
}

interface CommitOptions {
  adopt?: boolean;
}

/** etcd orders keys by bytes; namespace/name keys are ASCII, so code-unit order is the same. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Namespaces always carry the kubernetes finalizer in spec and a phase (pkg/registry/core/namespace). */
export function defaultNamespace(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as { finalizers?: string[] };
  spec.finalizers ??= ["kubernetes"];
  obj.spec = spec;
  const status = (obj.status ?? {}) as { phase?: string };
  status.phase ??= obj.metadata.deletionTimestamp ? "Terminating" : "Active";
  obj.status = status;
}
