/**
 * The REST handler for stored kinds: maps method + path to a verb, authorises it, decodes the
 * body by media type, runs the registry, and writes the answer in the negotiated format
 * (object, Table, PartialObjectMetadata, YAML) or as a watch stream.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Deleter, parseDeleteOptions } from "./deletion";
import { contentTypeOf, decodeBody, readBody, send, sendJsonText } from "./http";
import { listJson } from "./json-cache";
import { listObjects, parseFilter } from "./list";
import type { KubeObject } from "./metadata";
import { type Output, negotiateOutput } from "./negotiation";
import { type RbacPolicy, type SimIdentity, authorize, forbiddenReason } from "./rbac";
import type { FieldValidation, PatchKind, Registry, WriteOptions } from "./registry";
import type { ResourceDef } from "./resources";
import type { SimStore } from "./store";
import { errors } from "./status";
import { type IncludeObject, toTable } from "./table";
import { serveWatch } from "./watch";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  identity: SimIdentity;
  store: SimStore;
  registry: Registry;
  deleter: Deleter;
  policy: RbacPolicy;
  bookmarkIntervalMs: number;
  /** The WatchList feature of the reported Kubernetes version (watch.ts). */
  watchList: boolean;
}

export interface ResourceRoute {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPrefix: boolean;
}

const truthy = (v: string | null) => v === "true" || v === "1";

function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): string {
  const watch = route.watchPrefix || truthy(query.get("watch"));
  switch (method) {
    case "GET":
      return watch ? "watch" : route.name ? "get" : "list";
    case "POST":
      if (route.name) throw errors.methodNotAllowed();
      return "create";
    case "PUT":
      if (!route.name) throw errors.methodNotAllowed();
      return "update";
    case "PATCH":
      if (!route.name) throw errors.methodNotAllowed();
      return "patch";
    case "DELETE":
      return route.name ? "delete" : "deletecollection";
    default:
      throw errors.methodNotAllowed();
  }
}

/** The meta.k8s.io options kind a request's query parameters decode into. */
type OptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions";

function unsupportedOption(kind: OptionsKind, field: string, shown: string, supported: string[]) {
  const message = `Unsupported value: ${shown}: supported values: ${supported.map((v) => JSON.stringify(v)).join(", ")}`;
  return errors.invalid(kind, "meta.k8s.io", "", [{ reason: "FieldValueNotSupported", message, field }]);
}

/**
 * dryRun must be "All" (every value listed when one is not); bad values are 422 Invalid on the
 * options kind (apimachinery ValidateDryRun, seen on kube-apiserver v1.37 by conformance/kube/writes.ts).
 */
function dryRunOption(query: URLSearchParams, kind: OptionsKind): boolean {
  const dry = query.getAll("dryRun");
  if (dry.some((d) => d !== "All")) throw unsupportedOption(kind, "dryRun", JSON.stringify(dry), ["All"]);
  return dry.length > 0;
}

function writeOptions(query: URLSearchParams, kind: Exclude<OptionsKind, "DeleteOptions">): WriteOptions {
  const dryRun = dryRunOption(query, kind);
  const fv = query.get("fieldValidation") ?? "";
  if (!["", "Ignore", "Warn", "Strict"].includes(fv)) throw unsupportedOption(kind, "fieldValidation", JSON.stringify(fv), ["", "Ignore", "Strict", "Warn"]);
  return { dryRun, fieldValidation: (fv || "Warn") as FieldValidation, fieldManager: query.get("fieldManager") ?? undefined };
}

const PATCH_TYPES: Record<string, PatchKind> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

function patchKindOf(def: ResourceDef, mediaType: string): PatchKind {
  const kind = PATCH_TYPES[mediaType];
  const accepted = def.customResource
    ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
    : Object.keys(PATCH_TYPES);
  // Strategic merge patch needs Go struct tags; custom resources do not support it (415).
  if (!kind || (kind === "strategic" && def.customResource)) throw errors.unsupportedMediaType(mediaType, accepted);
  return kind;
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

function partial(obj: KubeObject, apiVersion: string) {
  return { kind: "PartialObjectMetadata", apiVersion, metadata: obj.metadata };
}

function respondObject(ctx: RequestContext, def: ResourceDef, out: Output, code: number, obj: KubeObject, warnings: string[] = []): void {
  if (out.format === "table") {
    send(ctx.res, code, toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion ?? "" }, includeObject(ctx.url.searchParams), out.apiVersion), { warnings });
  } else if (out.format === "partial") send(ctx.res, code, partial(obj, out.apiVersion), { warnings });
  else send(ctx.res, code, obj, { warnings, yaml: out.format === "yaml" });
}

async function body(ctx: RequestContext, def: ResourceDef, verb: string): Promise<{ value: unknown; mediaType: string }> {
  const raw = await readBody(ctx.req);
  const mediaType = contentTypeOf(ctx.req);
  if (verb === "create" || verb === "update") {
    if (mediaType && mediaType !== "application/json" && mediaType !== "application/yaml") {
      throw errors.unsupportedMediaType(mediaType, ["application/json", "application/yaml"]);
    }
  }
  const decodeAs = verb === "patch" ? (mediaType === "application/apply-patch+yaml" ? mediaType : "application/json") : mediaType;
  if (verb === "patch") patchKindOf(def, mediaType);
  const value = decodeBody(raw, decodeAs, verb === "delete" || verb === "deletecollection" ? "DeleteOptions" : def.kind);
  if (value === undefined && verb !== "delete" && verb !== "deletecollection") {
    throw errors.badRequest(`the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: unexpected end of JSON input`);
  }
  return { value, mediaType };
}

export async function handleResource(ctx: RequestContext, route: ResourceRoute): Promise<void> {
  const { def, namespace, name, subresource } = route;
  const query = ctx.url.searchParams;
  if (def.namespaced && name && !namespace) throw errors.pathNotFound();
  if (subresource && !(subresource === "status" && def.statusSubresource)) throw errors.pathNotFound();
  const verb = verbOf(ctx.req.method ?? "GET", route, query);
  if (subresource && !["get", "update", "patch"].includes(verb)) throw errors.methodNotAllowed();
  if (verb === "create" && def.namespaced && !namespace) throw errors.methodNotAllowed();

  const attrs = { verb, apiGroup: def.group, resource: def.plural, subresource, namespace, name };
  if (!authorize(ctx.policy, ctx.identity, attrs).allowed) {
    throw errors.forbidden({ group: def.group, resource: def.plural }, name ?? "", forbiddenReason(ctx.identity, attrs));
  }
  const reading = verb === "get" || verb === "list" || verb === "watch";
  const out = negotiateOutput(ctx.req.headers.accept, { table: reading, partial: reading && verb !== "watch", yaml: verb !== "watch" });

  switch (verb) {
    case "get":
      return respondObject(ctx, def, out, 200, ctx.registry.get(def, namespace, name as string));
    case "list": {
      const page = listObjects(ctx.store, def, parseFilter(def, query, namespace), query);
      // Custom resources are listed as unstructured lists, whose metadata always carries
      // `continue` ("" on the last page); built-in kinds omit it (kube-apiserver v1.37,
      // conformance/kube/list.ts).
      const cont = page.continue ? { continue: page.continue } : def.customResource ? { continue: "" } : {};
      const meta = { resourceVersion: page.resourceVersion, ...cont, ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}) };
      if (out.format === "table") return send(ctx.res, 200, toTable(def, page.items, meta, includeObject(query), out.apiVersion));
      if (out.format === "partial") {
        return send(ctx.res, 200, { kind: "PartialObjectMetadataList", apiVersion: out.apiVersion, metadata: meta, items: page.items.map((o) => partial(o, out.apiVersion)) });
      }
      const head = { apiVersion: def.apiVersion, kind: def.listKind, metadata: meta };
      if (out.format === "yaml") return send(ctx.res, 200, { ...head, items: page.items }, { yaml: true });
      return sendJsonText(ctx.res, 200, listJson(head, page.items));
    }
    case "watch": {
      const filter = parseFilter(def, query, namespace);
      if (name) filter.fields.push({ field: "metadata.name", op: "=", value: name });
      const table = out.format === "table" ? { apiVersion: out.apiVersion, include: includeObject(query) } : undefined;
      return serveWatch(ctx.store, def, ctx.res, { query, filter, bookmarkIntervalMs: ctx.bookmarkIntervalMs, watchList: ctx.watchList, table });
    }
    case "create": {
      const opts = writeOptions(query, "CreateOptions");
      const { value } = await body(ctx, def, verb);
      const r = ctx.registry.create(def, namespace, value, opts);
      return respondObject(ctx, def, out, 201, r.object, r.warnings);
    }
    case "update": {
      const opts = writeOptions(query, "UpdateOptions");
      const { value } = await body(ctx, def, verb);
      const r = ctx.registry.update(def, namespace, name as string, value, opts, subresource as "status" | undefined);
      return respondObject(ctx, def, out, r.created ? 201 : 200, r.object, r.warnings);
    }
    case "patch": {
      const opts = writeOptions(query, "PatchOptions");
      const { value, mediaType } = await body(ctx, def, verb);
      const kind = patchKindOf(def, mediaType);
      if (kind === "apply" && !opts.fieldManager) {
        throw errors.invalid("PatchOptions", "meta.k8s.io", "", [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }]);
      }
      const r = ctx.registry.patch(def, namespace, name as string, kind === "strategic" ? "merge" : kind, value, opts, subresource as "status" | undefined);
      return respondObject(ctx, def, out, r.created ? 201 : 200, r.object, r.warnings);
    }
    case "delete": {
      const { value } = await body(ctx, def, verb);
      const opts = parseDeleteOptions(value, query, dryRunOption(query, "DeleteOptions"));
      const r = ctx.deleter.delete(def, namespace, name as string, opts);
      return send(ctx.res, r.code, r.body, { yaml: out.format === "yaml" });
    }
    case "deletecollection": {
      const { value } = await body(ctx, def, verb);
      const opts = parseDeleteOptions(value, query, dryRunOption(query, "DeleteOptions"));
      const all = listObjects(ctx.store, def, parseFilter(def, query, namespace), new URLSearchParams());
      const items = ctx.deleter.deleteCollection(def, all.items, opts);
      return send(ctx.res, 200, { apiVersion: def.apiVersion, kind: def.listKind, metadata: { resourceVersion: ctx.store.currentResourceVersion() }, items });
    }
  }
}
