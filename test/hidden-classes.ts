/**
 * How many hidden classes (V8 maps) a set of objects has. Objects of one shape made the same
 * way share one; an object whose map is its own costs a map and a descriptor array (about
 * 0.8 KB for a 30-field object) on top of itself. Uses V8's %HaveSameMap, allowed for the
 * functions compiled after the flag is set (node:v8 setFlagsFromString).
 */
import v8 from "node:v8";

v8.setFlagsFromString("--allow-natives-syntax");
const fastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;
const haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

export function hiddenClassCount(objects: object[]): number {
  const representatives: object[] = [];
  for (const o of objects) if (!representatives.some((r) => haveSameMap(r, o))) representatives.push(o);
  return representatives.length;
}

/** Whether V8 keeps the object's properties in its fast layout (not a dictionary of its own). */
export function hasFastProperties(o: object): boolean {
  return fastProperties(o);
}
