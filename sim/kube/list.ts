/**
 * LIST with label/field selectors and limit/continue paging. Continue tokens have the shape of
 * kube-apiserver's (base64 JSON {v, rv, start}); every page of one list is served from the
 * snapshot at the first page's resourceVersion, and a token older than the retained history
 * gets 410 Expired, as with etcd compaction.
 */
import type { KubeObject } from "./metadata";
import { type ResourceDef, fieldValues } from "./resources";
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors";
import { type ListSource, type SimStore, objectKey } from "./store";
import { errors } from "./status";

export interface ObjectFilter {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
}

export function parseFilter(def: ResourceDef, query: URLSearchParams, namespace: string | undefined): ObjectFilter {
  return {
    namespace: def.namespaced ? namespace : undefined,
    labels: parseLabelSelector(query.get("labelSelector")),
    fields: parseFieldSelector(query.get("fieldSelector"), def.fieldLabels),
  };
}

export function matches(def: ResourceDef, f: ObjectFilter, obj: KubeObject): boolean {
  if (f.namespace && obj.metadata.namespace !== f.namespace) return false;
  if (!matchesLabels(f.labels, obj.metadata.labels)) return false;
  return f.fields.length === 0 || matchesFields(f.fields, fieldValues(def, obj));
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64url");
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as ContinueToken;
    if (t.v !== "meta.k8s.io/v1" || typeof t.rv !== "number" || typeof t.start !== "string") throw new Error("bad");
    return t;
  } catch {
    throw errors.badRequest(`continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  }
}

export function parseResourceVersion(raw: string | null): number | undefined {
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) {
    throw errors.invalid("ListOptions", "meta.k8s.io", "", [
      { reason: "FieldValueInvalid", message: `Invalid value: "${raw}": invalid resource version`, field: "resourceVersion" },
    ]);
  }
  return Number(raw);
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

const TOO_OLD_CONTINUE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** Index of the first key that is >= `from` (binary search over keys in etcd order). */
function firstAtOrAfter(keys: readonly string[], from: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One page of a LIST. The items are the stored objects themselves, not copies (the caller
 * serialises them and must not mutate them): listing 50,000 objects copies nothing.
 */
export function listObjects(store: SimStore, def: ResourceDef, filter: ObjectFilter, query: URLSearchParams): ListPage {
  const limitRaw = query.get("limit");
  const limit = limitRaw && /^\d+$/.test(limitRaw) ? Number(limitRaw) : 0;
  const cont = query.get("continue");
  const rvParam = parseResourceVersion(query.get("resourceVersion"));
  let atRv = store.revision();
  let start = "";
  let source: ListSource;
  if (cont) {
    if (rvParam !== undefined && rvParam !== 0) throw errors.badRequest("specifying resource version is not allowed when using continue");
    const t = decodeContinue(cont);
    atRv = t.rv;
    start = t.start;
    source = store.snapshot(def.key, atRv, TOO_OLD_CONTINUE);
  } else if (query.get("resourceVersionMatch") === "Exact" && rvParam !== undefined) {
    atRv = rvParam;
    source = store.snapshot(def.key, atRv, `too old resource version: ${rvParam} (${store.oldestResumableRevision()})`);
  } else {
    source = store.snapshot(def.key, atRv, "");
  }
  // The keys of a namespace are one contiguous run in etcd order ("ns/" prefix).
  const prefix = filter.namespace ? objectKey(filter.namespace, "") : "";
  const { keys } = source;
  const end = prefix ? firstAtOrAfter(keys, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)) : keys.length;
  const first = firstAtOrAfter(keys, start > prefix ? start : prefix);
  const noSelectors = filter.labels.length === 0 && filter.fields.length === 0;
  const items: KubeObject[] = [];
  let i = first;
  for (; i < end; i++) {
    const obj = source.get(keys[i]) as KubeObject;
    if (!noSelectors && !matches(def, filter, obj)) continue;
    if (limit > 0 && items.length === limit) break;
    items.push(obj);
  }
  const page: ListPage = { items, resourceVersion: String(atRv) };
  if (limit > 0 && i < end) {
    let more = noSelectors;
    for (let j = i; !more && j < end; j++) more = matches(def, filter, source.get(keys[j]) as KubeObject);
    if (more) {
      page.continue = encodeContinue(atRv, keys[i]);
      if (noSelectors) page.remainingItemCount = end - i;
    }
  }
  return page;
}
