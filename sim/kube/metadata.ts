/**
 * ObjectMeta rules (k8s.io/apimachinery/pkg/api/validation/objectmeta.go and
 * pkg/util/validation): name formats, labels, annotations, finalizers, and the set of
 * metadata fields a server keeps (anything else is dropped, as decoding into ObjectMeta does).
 */
import type { StatusCause } from "./status";
import { errors } from "./status";
import { isObject } from "./patch";

export type NameRule = "subdomain" | "label" | "path-segment";

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** managedFields and selfLink are deliberately absent: the simulator never returns them. */
const KEPT_META = [
  "name",
  "generateName",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
] as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Problems with a resource name under the given rule (empty when valid). */
export function nameProblems(name: string, rule: NameRule): string[] {
  switch (rule) {
    case "label":
      return [
        ...(name.length > 63 ? ["must be no more than 63 characters"] : []),
        ...(DNS_LABEL.test(name) ? [] : [LABEL_MSG]),
      ];
    case "subdomain":
      return [
        ...(name.length > 253 ? ["must be no more than 253 characters"] : []),
        ...(DNS_SUBDOMAIN.test(name) ? [] : [SUBDOMAIN_MSG]),
      ];
    case "path-segment":
      if (name === "." || name === "..") return [`may not be '${name}'`];
      if (/[/%]/.test(name)) return [`may not contain '${name.includes("/") ? "/" : "%"}'`];
      return [];
  }
}

function qualifiedNameProblems(key: string): string[] {
  const parts = key.split("/");
  if (parts.length > 2) return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'"];
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const out: string[] = [];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) out.push(`prefix part ${SUBDOMAIN_MSG}`);
  if (!name || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  }
  return out;
}

function isStringMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === "string");
}

/**
 * Reduces `raw` to the ObjectMeta fields a server keeps. Wrong JSON types are decoding errors
 * (400), as in kube-apiserver where they fail to unmarshal into ObjectMeta.
 */
export function sanitizeMeta(raw: unknown): ObjectMeta {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw errors.badRequest("json: cannot unmarshal into Go struct field Object.metadata of type v1.ObjectMeta");
  const out: ObjectMeta = {};
  for (const key of KEPT_META) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    const bad = () => errors.badRequest(`json: cannot unmarshal ${Array.isArray(v) ? "array" : typeof v} into Go struct field ObjectMeta.metadata.${key}`);
    if ((key === "labels" || key === "annotations") && !isStringMap(v)) throw bad();
    if (key === "finalizers" && !(Array.isArray(v) && v.every((f) => typeof f === "string"))) throw bad();
    if (key === "ownerReferences" && !Array.isArray(v)) throw bad();
    if ((key === "generation" || key === "deletionGracePeriodSeconds") && typeof v !== "number") throw bad();
    if (!["labels", "annotations", "finalizers", "ownerReferences", "generation", "deletionGracePeriodSeconds"].includes(key) && typeof v !== "string") throw bad();
    // ObjectMeta's maps and lists are omitempty: an emptied one is not stored (kube-apiserver
    // v1.37 drops `finalizers: []`, seen by conformance/kube/deletion.ts).
    if ((Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)) continue;
    (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** ObjectMeta validation for create and update (422 causes). */
export function validateMeta(meta: ObjectMeta, rule: NameRule): StatusCause[] {
  const causes: StatusCause[] = [];
  const invalid = (field: string, value: string, why: string): StatusCause => ({
    reason: "FieldValueInvalid",
    message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
    field,
  });
  if (!meta.name) {
    causes.push({ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" });
  } else {
    for (const p of nameProblems(meta.name, rule)) causes.push(invalid("metadata.name", meta.name, p));
  }
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    for (const p of qualifiedNameProblems(k)) causes.push(invalid("metadata.labels", k, p));
    if (v.length > 63 || !LABEL_VALUE.test(v)) {
      causes.push(invalid("metadata.labels", v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    annotationBytes += k.length + v.length;
    for (const p of qualifiedNameProblems(k.toLowerCase())) causes.push(invalid("metadata.annotations", k, p));
  }
  if (annotationBytes > 256 * 1024) {
    causes.push({ reason: "FieldValueTooLong", message: "Too long: must have at most 262144 bytes", field: "metadata.annotations" });
  }
  (meta.finalizers ?? []).forEach((f, i) => {
    for (const p of qualifiedNameProblems(f)) causes.push(invalid(`metadata.finalizers[${i}]`, f, p));
  });
  return causes;
}

/** generateName + 5 random characters from the apiserver's alphabet (no vowels, no look-alikes). */
export function generateName(base: string): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${base.slice(0, 58)}${suffix}`;
}
