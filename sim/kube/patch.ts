/**
 * RFC 6902 JSON Patch (with `test`) and RFC 7386 JSON Merge Patch, on plain JSON values.
 * kube-apiserver applies JSON patches with evanphx/json-patch; its error texts are mirrored
 * loosely (e.g. "testing value /x failed: test failed") for debugging, but an apply error
 * reaches the client only as a 422 without details (status.ts unprocessablePatch), as on
 * kube-apiserver v1.37.
 */
import { deepEqual } from "../../lib/domain/crd-schema";

export { deepEqual };

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A patch document that parsed but cannot be applied: kube-apiserver answers 422. */
export class PatchApplyError extends Error {}
/** A patch document that is malformed: kube-apiserver answers 400. */
export class PatchFormatError extends Error {}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}


/**
 * A deep copy with JSON's semantics (undefined and function members dropped, undefined array
 * items and non-finite numbers become null), written out rather than a JSON round trip, which
 * was most of the time of seeding 50,000 objects. Anything but plain objects and arrays (a Date,
 * a class with toJSON) still takes the round trip, as before.
 */
export function clone<T>(v: T): T {
  return v === undefined ? v : (copyJson(v) as T);
}

function copyJson(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = x === undefined || typeof x === "function" || typeof x === "symbol" ? null : copyJson(x);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return JSON.parse(JSON.stringify(v)) as unknown;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined && typeof x !== "function" && typeof x !== "symbol") out[k] = copyJson(x);
  }
  return out;
}

function parsePointer(path: unknown): string[] {
  if (typeof path !== "string") throw new PatchFormatError("path must be a string");
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchApplyError(`JSON pointer must be empty or start with a "/": ${path}`);
  return path
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function arrayIndex(token: string, length: number, forAdd: boolean, path: string): number {
  if (forAdd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchApplyError(`Unable to access invalid index: ${token}: invalid index referenced (${path})`);
  const i = Number(token);
  if (i > length || (!forAdd && i === length)) {
    throw new PatchApplyError(`Unable to access invalid index: ${i}: invalid index referenced (${path})`);
  }
  return i;
}

/** Walks to the parent container of the pointer's last token. */
function parentOf(doc: Json, tokens: string[], op: string, path: string): Json {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false, path)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function getAt(doc: Json, path: string, op: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false, path)];
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return parent[last];
  throw new PatchApplyError(`${op} operation does not apply: doc is missing key: ${path}: missing value`);
}

function removeAt(doc: Json, path: string, op: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchApplyError(`${op} operation does not apply: cannot remove the whole document`);
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false, path);
    return parent.splice(i, 1)[0];
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    const old = parent[last];
    delete parent[last];
    return old;
  }
  throw new PatchApplyError(`Unable to remove nonexistent key: ${last}: missing value (${path})`);
}

function addAt(doc: Json, path: string, value: Json, op: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, path), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

function replaceAt(doc: Json, path: string, value: Json): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, "replace", path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false, path)] = value;
  else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) parent[last] = value;
  else throw new PatchApplyError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  return doc;
}

/** Parses and checks the shape of a JSON patch document (400 on failure). */
export function parseJsonPatch(body: unknown): JsonObject[] {
  if (!Array.isArray(body)) throw new PatchFormatError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  for (const op of body) {
    if (!isObject(op)) throw new PatchFormatError("json: cannot unmarshal into Go value of type jsonpatch.Operation");
  }
  return body as JsonObject[];
}

/** Applies an RFC 6902 patch to a copy of `doc`. Throws PatchApplyError (422) when it does not apply. */
export function applyJsonPatch(doc: Json, ops: JsonObject[]): Json {
  let out = clone(doc);
  for (const op of ops) {
    const kind = op.op;
    const path = op.path as string;
    const needValue = kind === "add" || kind === "replace" || kind === "test";
    if (needValue && !("value" in op)) throw new PatchApplyError(`${String(kind)} operation does not apply: missing value (${path})`);
    switch (kind) {
      case "add":
        out = addAt(out, path, clone(op.value), "add");
        break;
      case "remove":
        removeAt(out, path, "remove");
        break;
      case "replace":
        out = replaceAt(out, path, clone(op.value));
        break;
      case "move": {
        const from = op.from as string;
        if (typeof from !== "string") throw new PatchApplyError("move operation does not apply: missing from");
        if (path.startsWith(`${from}/`)) throw new PatchApplyError(`move operation does not apply: cannot move ${from} into its own child`);
        const v = removeAt(out, from, "move");
        out = addAt(out, path, v, "move");
        break;
      }
      case "copy": {
        const from = op.from as string;
        if (typeof from !== "string") throw new PatchApplyError("copy operation does not apply: missing from");
        out = addAt(out, path, clone(getAt(out, from, "copy")), "copy");
        break;
      }
      case "test": {
        let actual: Json | undefined;
        try {
          actual = getAt(out, path, "test");
        } catch {
          actual = undefined;
        }
        if (actual === undefined ? op.value !== null : !deepEqual(actual, op.value)) {
          throw new PatchApplyError(`testing value ${path} failed: test failed`);
        }
        break;
      }
      default:
        throw new PatchApplyError(`Unexpected kind: ${String(kind)}`);
    }
  }
  return out;
}

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
