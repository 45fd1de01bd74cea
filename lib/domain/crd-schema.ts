/**
 * Structural-schema validation and pruning for custom resources, as kube-apiserver does it for
 * apiextensions.k8s.io/v1 CRDs (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning):
 * unknown fields are dropped (and reported, for fieldValidation=Warn/Strict), then the object is
 * validated (types, required, enum, formats, bounds). Of the CEL rules only the transition rule
 * `self == oldSelf` is understood: it is the only one the ACK Lambda v1.14.1 CRDs use.
 */
import { isRecord as isObject } from "./safe-values";

/**
 * One violation, shaped like a metav1.StatusCause of the 422 kube-apiserver answers (the
 * simulated API servers send these as they are; the CLI's lint maps `field` to a file line).
 */
export interface SchemaViolation {
  reason: string;
  message: string;
  /** "spec.code", "spec.layers[0]"; "<root>" for the object itself. */
  field: string;
}

/** Structural equality of JSON values (enum membership, transition rules). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export interface OpenApiSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-validations"?: Array<{ rule: string; message?: string }>;
}

/** Root fields that are never pruned by the CRD schema (metadata is ObjectMeta, checked elsewhere). */
const ROOT_KEEP = new Set(["apiVersion", "kind", "metadata"]);

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Removes fields the schema does not declare; returns their paths (".spec.foo" style without the dot). */
export function prune(value: unknown, schema: OpenApiSchema, path = "", root = true): string[] {
  const unknown: string[] = [];
  if (schema["x-kubernetes-preserve-unknown-fields"]) return unknown;
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => unknown.push(...prune(v, schema.items as OpenApiSchema, `${path}[${i}]`, false)));
    return unknown;
  }
  if (!isObject(value)) return unknown;
  const props = schema.properties;
  const extra = schema.additionalProperties;
  for (const key of Object.keys(value)) {
    if (root && ROOT_KEEP.has(key)) continue;
    const child = props?.[key] ?? (isObject(extra) ? extra : undefined);
    if (child) unknown.push(...prune(value[key], child, join(path, key), false));
    else if (extra === true) continue;
    else {
      unknown.push(join(path, key));
      delete value[key];
    }
  }
  return unknown;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/**
 * A type error shows the JSON type of the value, never the value (kube-openapi validate
 * errors.InvalidType; seen on kube-apiserver v1.37 by conformance/kube/validation.ts:
 * `Invalid value: "string": spec.memorySize in body must be of type integer: "string"`).
 */
function shownType(v: unknown): string {
  return JSON.stringify(typeName(v));
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function typeMatches(type: string, v: unknown, schema: OpenApiSchema): boolean {
  if (schema["x-kubernetes-int-or-string"]) return typeof v === "string" || Number.isInteger(v);
  switch (type) {
    case "object":
      return isObject(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    default:
      return true;
  }
}

function invalid(field: string, message: string, reason = "FieldValueInvalid"): SchemaViolation {
  return { reason, message, field };
}

/**
 * Validates `value` against `schema`; `old` is the stored object on update (for transition
 * rules). Returns the causes of a 422, empty when valid.
 */
export function validate(value: unknown, schema: OpenApiSchema, old: unknown, path = ""): SchemaViolation[] {
  const causes: SchemaViolation[] = [];
  const at = path || "<root>";
  if (value === null && !schema.nullable) {
    if (schema.type) causes.push(invalid(at, `Invalid value: "null": ${at} in body must be of type ${schema.type}: "null"`, "FieldValueTypeInvalid"));
    return causes;
  }
  if (value === null) return causes;
  if (schema.type && !typeMatches(schema.type, value, schema)) {
    causes.push(invalid(at, `Invalid value: ${shownType(value)}: ${at} in body must be of type ${schema.type}: ${shownType(value)}`, "FieldValueTypeInvalid"));
    return causes;
  }
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
    causes.push(invalid(at, `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`, "FieldValueNotSupported"));
  }
  if (typeof value === "string") {
    if (schema.format === "date-time" && !DATE_TIME.test(value)) {
      causes.push(invalid(at, `Invalid value: ${JSON.stringify(value)}: ${at} in body must be of type date-time: ${JSON.stringify(value)}`));
    }
    if (schema.format === "byte" && !BASE64.test(value)) {
      causes.push(invalid(at, `Invalid value: ${JSON.stringify(value)}: ${at} in body must be of type byte: ${JSON.stringify(value)}`));
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      causes.push(invalid(at, `Too long: may not be more than ${schema.maxLength} bytes`, "FieldValueTooLong"));
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      causes.push(invalid(at, `Invalid value: ${JSON.stringify(value)}: ${at} in body should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      causes.push(invalid(at, `Invalid value: ${JSON.stringify(value)}: ${at} in body should match '${schema.pattern}'`));
    }
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) {
      causes.push(invalid(at, `Invalid value: ${value}: ${at} in body should be greater than or equal to ${schema.minimum}`));
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      causes.push(invalid(at, `Invalid value: ${value}: ${at} in body should be less than or equal to ${schema.maximum}`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) causes.push(invalid(at, `Too many: ${value.length}: must have at most ${schema.maxItems} items`, "FieldValueTooMany"));
    if (schema.minItems !== undefined && value.length < schema.minItems) causes.push(invalid(at, `Invalid value: ${value.length}: ${at} in body should have at least ${schema.minItems} items`));
    if (schema.items) {
      // Lists without x-kubernetes-list-type are atomic: no per-item transition rules (old = undefined).
      value.forEach((v, i) => causes.push(...validate(v, schema.items as OpenApiSchema, undefined, `${path}[${i}]`)));
    }
  }
  if (isObject(value)) {
    for (const req of schema.required ?? []) {
      if (!(req in value)) causes.push({ reason: "FieldValueRequired", message: "Required value", field: join(path, req) });
    }
    const oldObj = isObject(old) ? old : undefined;
    for (const [key, v] of Object.entries(value)) {
      const child = schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (child && !(path === "" && key === "metadata")) causes.push(...validate(v, child, oldObj?.[key], join(path, key)));
    }
  }
  causes.push(...transitionRules(value, schema, old, at));
  return causes;
}

/** CEL transition rules run only on update and only when the old object had the field. */
function transitionRules(value: unknown, schema: OpenApiSchema, old: unknown, at: string): SchemaViolation[] {
  const causes: SchemaViolation[] = [];
  for (const rule of schema["x-kubernetes-validations"] ?? []) {
    if (rule.rule.replace(/\s+/g, "") !== "self==oldSelf" || old === undefined) continue;
    if (!deepEqual(value, old)) {
      causes.push(invalid(at, `Invalid value: ${JSON.stringify(typeName(value))}: ${rule.message ?? "failed rule: self == oldSelf"}`));
    }
  }
  return causes;
}
