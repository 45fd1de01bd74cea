/**
 * DELETE semantics (k8s.io/apiserver/pkg/registry/generic/registry/store.go Delete):
 * preconditions on uid/resourceVersion (409), finalizers turn a delete into setting
 * deletionTimestamp (200 with the object), otherwise the object goes and custom resources answer
 * a Status "Success". Deleting a namespace makes it Terminating, deletes its content, and
 * removes it once empty (the namespace controller's job in a real cluster).
 */
import type { KubeObject } from "./metadata";
import { isObject } from "./patch";
import { type ResourceDef, allResources, resourceByKey } from "./resources";
import type { SimStore } from "./store";
import { errors, successStatus } from "./status";

export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  dryRun: boolean;
}

const gr = (def: ResourceDef) => ({ group: def.group, resource: def.plural });

/** DeleteOptions from the request body (JSON, possibly empty) merged with query parameters. */
export function parseDeleteOptions(body: unknown, query: URLSearchParams, dryRun: boolean): DeleteOptions {
  const opts: DeleteOptions = { dryRun };
  if (body !== undefined) {
    if (!isObject(body)) throw errors.badRequest("json: cannot unmarshal into Go value of type v1.DeleteOptions");
    if (body.kind !== undefined && body.kind !== "DeleteOptions") {
      throw errors.badRequest(`the object provided is unrecognized (must be of type DeleteOptions): ${String(body.kind)}`);
    }
    if (isObject(body.preconditions)) {
      const p = body.preconditions;
      opts.preconditions = {
        uid: typeof p.uid === "string" ? p.uid : undefined,
        resourceVersion: typeof p.resourceVersion === "string" ? p.resourceVersion : undefined,
      };
    }
    if (typeof body.propagationPolicy === "string") opts.propagationPolicy = body.propagationPolicy;
    if (typeof body.gracePeriodSeconds === "number") opts.gracePeriodSeconds = body.gracePeriodSeconds;
    if (Array.isArray(body.dryRun) && body.dryRun.includes("All")) opts.dryRun = true;
  }
  const pp = query.get("propagationPolicy");
  if (pp) opts.propagationPolicy = pp;
  if (opts.propagationPolicy && !["Orphan", "Background", "Foreground"].includes(opts.propagationPolicy)) {
    throw errors.invalid("DeleteOptions", "", "", [
      { reason: "FieldValueNotSupported", message: `Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`, field: "propagationPolicy" },
    ]);
  }
  return opts;
}

export class Deleter {
  constructor(private readonly store: SimStore) {
    // Namespace controller stand-in: a Terminating namespace goes once its last object is gone.
    store.subscribe((e) => {
      if (e.type !== "DELETED" || !e.object.metadata.namespace) return;
      this.finishNamespaceIfEmpty(e.object.metadata.namespace);
    });
  }

  /**
   * Returns the HTTP status and body. Propagation policies are accepted but, with no
   * dependents (ownerReferences) in the simulator, Foreground and Orphan behave like Background.
   */
  delete(def: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions): { code: number; body: unknown } {
    const existing = this.store.get(def.key, namespace, name);
    if (!existing) throw errors.notFound(gr(def), name);
    // rest.BeforeDelete checks the preconditions first, naming the kind where others name the
    // resource (k8s.io/apiserver registry/rest/delete.go; conformance/kube/deletion.ts).
    const pre = opts.preconditions;
    const byKind = { group: def.group, resource: def.kind };
    if (pre?.uid && pre.uid !== existing.metadata.uid) {
      throw errors.conflict(byKind, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${existing.metadata.uid}). The object might have been deleted and then recreated`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw errors.conflict(byKind, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${existing.metadata.resourceVersion}). The object might have been modified`);
    }
    if (def.key === "namespaces") return { code: 200, body: this.terminateNamespace(existing, opts.dryRun) };
    const { remaining, result } = this.store.requestDeletion(def, existing, opts.dryRun);
    if (remaining) return { code: 200, body: result };
    // Custom resources, Deployments and Events do not set ReturnDeletedObject.
    return { code: 200, body: successStatus({ name, group: def.group || undefined, kind: def.plural, uid: existing.metadata.uid }) };
  }

  /** DELETE on a collection: deletes every matching object, answers the list of what was deleted. */
  deleteCollection(def: ResourceDef, objects: KubeObject[], opts: DeleteOptions): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of objects) {
      const existing = this.store.get(def.key, o.metadata.namespace, o.metadata.name as string);
      if (!existing) continue;
      if (def.key === "namespaces") out.push(this.terminateNamespace(existing, opts.dryRun));
      else out.push(this.store.requestDeletion(def, existing, opts.dryRun).result);
    }
    return out;
  }

  private terminateNamespace(ns: KubeObject, dryRun: boolean): KubeObject {
    const def = resourceByKey("namespaces") as ResourceDef;
    const name = ns.metadata.name as string;
    if (dryRun) return { ...ns, metadata: { ...ns.metadata, deletionTimestamp: ns.metadata.deletionTimestamp ?? new Date().toISOString() }, status: { phase: "Terminating" } };
    let current = ns;
    if (!ns.metadata.deletionTimestamp) {
      const next = { ...ns, metadata: { ...ns.metadata, deletionTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") }, status: { phase: "Terminating" } };
      current = this.store.commitUpdate(def, next);
    }
    for (const r of allResources().filter((d) => d.namespaced)) {
      for (const o of this.store.list(r.key, name)) this.store.requestDeletion(r, o);
    }
    this.finishNamespaceIfEmpty(name);
    return this.store.get("namespaces", undefined, name) ?? current;
  }

  private finishNamespaceIfEmpty(name: string): void {
    const ns = this.store.get("namespaces", undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const empty = allResources()
      .filter((d) => d.namespaced)
      .every((r) => this.store.list(r.key, name).length === 0);
    if (empty) this.store.commitRemove(resourceByKey("namespaces") as ResourceDef, ns);
  }
}
