/**
 * The JSON text of stored objects, made once per object version. A stored object is never
 * edited in place (store.ts replaces it on every change), so its text can be kept as long as
 * the object lives: a list of 16,000 Functions and a watch event sent to several watchers
 * serialise each object once, not once per request or per watcher.
 */
import type { KubeObject } from "./metadata";

const texts = new WeakMap<object, string>();

/** JSON.stringify(obj), remembered for `obj`. Only for objects that are never mutated. */
export function storedJson(obj: KubeObject): string {
  let text = texts.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    texts.set(obj, text);
  }
  return text;
}

/**
 * The same text as JSON.stringify({...head, items}) when every item is a stored object: the
 * list's own fields serialised, the items' cached texts joined in.
 */
export function listJson(head: Record<string, unknown>, items: readonly KubeObject[]): string {
  const open = JSON.stringify({ ...head, items: [] }).slice(0, -"[]}".length);
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) parts[i] = storedJson(items[i]);
  return `${open}[${parts.join(",")}]}`;
}
