/**
 * Create, update and patch with the rules of kube-apiserver's generic registry and the CRD
 * strategy (apiextensions-apiserver/pkg/registry/customresource/strategy.go): system fields
 * are the server's, status is only written through the status subresource, generation follows
 * spec changes, stale resourceVersions conflict, finalizers cannot be added while deleting,
 * unknown fields are pruned (warned or rejected per fieldValidation), dryRun=All writes nothing.
 */
import { randomUUID } from "node:crypto";
import { type KubeObject, generateName, sanitizeMeta, validateMeta } from "./metadata";
import { type Json, PatchApplyError, PatchFormatError, applyJsonPatch, applyMergePatch, clone, deepEqual, isObject, parseJsonPatch } from "./patch";
import type { ResourceDef } from "./resources";
import { prune, validate } from "../../lib/domain/crd-schema";
import { type SimStore, defaultNamespace, kubeNow, specChanged } from "./store";
import { type StatusCause, errors } from "./status";

export type FieldValidation = "Ignore" | "Warn" | "Strict";

export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  created: boolean;
}

export type PatchKind = "json" | "merge" | "strategic" | "apply";

const gr = (def: ResourceDef) => ({ group: def.group, resource: def.plural });

/** Checks kind/apiVersion and returns the body as an object (400 otherwise, as the decoder does). */
function decodeBody(def: ResourceDef, input: unknown): KubeObject {
  if (!isObject(input)) throw errors.badRequest(`the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: expected a JSON object`);
  // Typed decoding of built-in kinds defaults a missing kind/apiVersion from the endpoint;
  // the unstructured decoder of custom resources does not.
  const body = def.customResource ? input : { ...input, kind: input.kind ?? def.kind, apiVersion: input.apiVersion ?? def.apiVersion };
  if (typeof body.kind !== "string" || !body.kind) {
    throw errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`);
  }
  if (body.kind !== def.kind) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type ${def.kind}): ${body.kind}`);
  }
  if (body.apiVersion !== def.apiVersion) {
    throw errors.badRequest(`the API version in the data (${String(body.apiVersion ?? "")}) does not match the expected API version (${def.apiVersion})`);
  }
  return { ...(body as KubeObject), metadata: sanitizeMeta(body.metadata) };
}

export class Registry {
  constructor(private readonly store: SimStore) {}

  get(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(def.key, namespace, name);
    if (!obj) throw errors.notFound(gr(def), name);
    return obj;
  }

  /** Namespace must exist and not be terminating (NamespaceLifecycle admission). */
  private admitNamespace(def: ResourceDef, namespace: string | undefined, name: string): void {
    if (!def.namespaced || !namespace) return;
    const ns = this.store.get("namespaces", undefined, namespace);
    if (!ns) throw errors.notFound({ group: "", resource: "namespaces" }, namespace);
    if (ns.metadata.deletionTimestamp) {
      throw errors.forbidden(gr(def), name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  /** Prunes and validates against the CRD schema and ObjectMeta rules; returns warnings. */
  private validateObject(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, opts: WriteOptions): string[] {
    const warnings: string[] = [];
    const causes: StatusCause[] = [...validateMeta(obj.metadata, def.nameRule)];
    if (def.schema) {
      const unknown = prune(obj, def.schema);
      if (unknown.length && opts.fieldValidation === "Strict") {
        // The decoder's wording (kube-apiserver v1.37, conformance/kube/validation.ts).
        throw errors.badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(", ")}`);
      }
      if (opts.fieldValidation === "Warn") warnings.push(...unknown.map((u) => `unknown field "${u}"`));
      causes.push(...validate(obj, def.schema, old));
    }
    if (old?.metadata.deletionTimestamp) {
      const added = (obj.metadata.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length) {
        causes.push({
          reason: "FieldValueForbidden",
          message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`,
          field: "metadata.finalizers",
        });
      }
    }
    if (causes.length) throw errors.invalid(def.kind, def.group, obj.metadata.name ?? obj.metadata.generateName ?? "", causes);
    return warnings;
  }

  create(def: ResourceDef, namespace: string | undefined, body: unknown, opts: WriteOptions): WriteResult {
    const obj = decodeBody(def, body);
    const meta = obj.metadata;
    if (def.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.namespace = namespace;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    this.admitNamespace(def, namespace, meta.name ?? "");
    // PrepareForCreate: status is written only through /status where that subresource exists.
    if (def.statusSubresource && def.key !== "namespaces") delete obj.status;
    const warnings = this.validateObject(def, obj, undefined, opts);
    meta.uid = randomUUID();
    meta.creationTimestamp = kubeNow();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (def.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    if (def.key === "namespaces") {
      obj.status = {};
      defaultNamespace(obj);
    }
    if (this.store.get(def.key, meta.namespace, meta.name as string)) throw errors.alreadyExists(gr(def), meta.name as string);
    const object = opts.dryRun ? { ...obj, apiVersion: def.apiVersion, kind: def.kind } : this.store.commitCreate(def, obj);
    return { object, warnings, created: true };
  }

  /** PUT on the object or on its status subresource. */
  update(def: ResourceDef, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions, subresource?: "status"): WriteResult {
    const incoming = decodeBody(def, body);
    if (incoming.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${incoming.metadata.name ?? ""}) does not match the name on the URL (${name})`);
    }
    if (def.namespaced && incoming.metadata.namespace && incoming.metadata.namespace !== namespace) {
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    const existing = this.store.get(def.key, namespace, name);
    if (!existing) {
      if (def.allowCreateOnUpdate && !subresource) return this.create(def, namespace, body, opts);
      throw errors.notFound(gr(def), name);
    }
    const rv = incoming.metadata.resourceVersion;
    if (!rv && !def.allowUnconditionalUpdate) {
      throw errors.invalid(def.kind, def.group, name, [
        { reason: "FieldValueInvalid", message: "Invalid value: 0x0: must be specified for an update", field: "metadata.resourceVersion" },
      ]);
    }
    if (rv && rv !== existing.metadata.resourceVersion) {
      throw errors.conflict(gr(def), name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    return this.commitChange(def, existing, incoming, opts, subresource);
  }

  /** Applies `patchBody` to the stored object, then runs it through the update path. */
  patch(def: ResourceDef, namespace: string | undefined, name: string, kind: PatchKind, patchBody: unknown, opts: WriteOptions, subresource?: "status"): WriteResult {
    const existing = this.store.get(def.key, namespace, name);
    if (!existing) {
      if (kind === "apply" && !subresource) {
        const body = isObject(patchBody) ? { ...patchBody, metadata: { ...(isObject(patchBody.metadata) ? patchBody.metadata : {}), name } } : patchBody;
        return this.create(def, namespace, body, opts);
      }
      throw errors.notFound(gr(def), name);
    }
    let patched: Json;
    try {
      if (kind === "json") patched = applyJsonPatch(existing as unknown as Json, parseJsonPatch(patchBody));
      else {
        if (!isObject(patchBody)) throw new PatchFormatError("json: cannot unmarshal into Go value of type map[string]interface {}");
        patched = applyMergePatch(existing as unknown as Json, patchBody as Json);
      }
    } catch (e) {
      if (e instanceof PatchApplyError) throw errors.unprocessablePatch();
      if (e instanceof PatchFormatError) throw errors.badRequest(e.message);
      throw e;
    }
    if (!isObject(patched)) throw errors.unprocessablePatch();
    const incoming = decodeBody(def, patched);
    if (incoming.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${incoming.metadata.name ?? ""}) does not match the name on the URL (${name})`);
    }
    if ((incoming.metadata.namespace ?? undefined) !== (existing.metadata.namespace ?? undefined)) {
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    // A resourceVersion put into the object by the patch is a precondition (patch.go).
    if (incoming.metadata.resourceVersion && incoming.metadata.resourceVersion !== existing.metadata.resourceVersion) {
      throw errors.conflict(gr(def), name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    return this.commitChange(def, existing, incoming, opts, subresource);
  }

  /** Shared tail of update and patch: strategy, validation, no-op detection, write. */
  private commitChange(def: ResourceDef, existing: KubeObject, incoming: KubeObject, opts: WriteOptions, subresource?: "status"): WriteResult {
    let next: KubeObject;
    if (subresource === "status") {
      // Status strategy: everything but status comes from the stored object.
      next = clone(existing);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
    } else {
      next = incoming;
      if (def.statusSubresource) {
        if (existing.status === undefined) delete next.status;
        else next.status = clone(existing.status);
      }
      const m = next.metadata;
      const old = existing.metadata;
      m.namespace = old.namespace;
      m.uid = old.uid;
      m.creationTimestamp = old.creationTimestamp;
      m.deletionTimestamp = old.deletionTimestamp;
      m.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
      if (m.deletionTimestamp === undefined) delete m.deletionTimestamp;
      if (m.deletionGracePeriodSeconds === undefined) delete m.deletionGracePeriodSeconds;
      if (m.namespace === undefined) delete m.namespace;
      m.generation = old.generation;
      if (def.tracksGeneration && specChanged(existing, next)) m.generation = (old.generation ?? 0) + 1;
      if (m.generation === undefined) delete m.generation;
      if (def.key === "namespaces") defaultNamespace(next);
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    const warnings = this.validateObject(def, next, existing, opts);
    next.apiVersion = def.apiVersion;
    next.kind = def.kind;
    // Writing identical bytes is skipped by the storage layer: no new resourceVersion, no event.
    if (deepEqual(next, existing)) return { object: existing, warnings, created: false };
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length) {
      // Store.Update's errEmptiedFinalizers path: the object is deleted (its DELETED event
      // carries the last stored state); the answer is the updated object at the last stored
      // resourceVersion, dry run or not (kube-apiserver v1.37, conformance/kube/deletion.ts).
      if (!opts.dryRun) this.store.commitRemove(def, existing);
      return { object: next, warnings, created: false };
    }
    const object = opts.dryRun ? next : this.store.commitUpdate(def, next);
    return { object, warnings, created: false };
  }
}
