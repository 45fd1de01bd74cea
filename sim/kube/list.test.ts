/**
 * LIST paging from a snapshot: every page of one list shows the objects as they were at the
 * first page's resourceVersion, whatever was created, changed or deleted between pages (the
 * store serves pages from its key order plus an overlay of the watch history).
 */
import { describe, expect, it } from "vitest";
import { listObjects, parseFilter } from "./list";
import { type ResourceDef, resourceByKey } from "./resources";
import { SimStore } from "./store";

const def = resourceByKey("events") as ResourceDef;
const event = (ns: string, name: string, v = "1") => ({ apiVersion: "v1", kind: "Event", metadata: { name, namespace: ns }, data: { v } });

function pageAll(store: SimStore, namespace: string | undefined, between: () => void): string[] {
  const names: string[] = [];
  let cont: string | undefined;
  let first = true;
  do {
    const q = new URLSearchParams({ limit: "3" });
    if (cont) q.set("continue", cont);
    const page = listObjects(store, def, parseFilter(def, new URLSearchParams(), namespace), q);
    names.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}=${(o as unknown as { data: { v: string } }).data.v}`));
    cont = page.continue;
    if (first) between();
    first = false;
  } while (cont);
  return names;
}

describe("listObjects", () => {
  it("pages in etcd order from the first page's snapshot despite creates, updates and deletes", () => {
    const store = new SimStore();
    for (const n of ["a", "b", "c", "d", "e", "f", "g"]) store.put(event("ns1", n));
    store.put(event("ns0", "z"));
    store.put(event("ns2", "y"));
    const expected = ["ns0/z=1", ...["a", "b", "c", "d", "e", "f", "g"].map((n) => `ns1/${n}=1`), "ns2/y=1"];
    const seen = pageAll(store, undefined, () => {
      store.put(event("ns1", "e", "2")); // changed after the snapshot: the page shows the old value
      store.delete("events", "ns1", "f"); // deleted: still listed
      store.put(event("ns1", "dd")); // created: not listed
    });
    expect(seen).toEqual(expected);
    // A new list sees the present.
    expect(pageAll(store, undefined, () => undefined)).toEqual(["ns0/z=1", "ns1/a=1", "ns1/b=1", "ns1/c=1", "ns1/d=1", "ns1/dd=1", "ns1/e=2", "ns1/g=1", "ns2/y=1"]);
  });

  it("lists one namespace as its own run of keys, with remainingItemCount", () => {
    const store = new SimStore();
    for (const n of ["a", "b", "c", "d"]) store.put(event("ns1", n));
    store.put(event("ns10", "x"));
    store.put(event("ns0", "z"));
    const page = listObjects(store, def, parseFilter(def, new URLSearchParams(), "ns1"), new URLSearchParams({ limit: "3" }));
    expect(page.items.map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
    expect(page.remainingItemCount).toBe(1);
    expect(pageAll(store, "ns1", () => undefined)).toEqual(["ns1/a=1", "ns1/b=1", "ns1/c=1", "ns1/d=1"]);
  });
});
