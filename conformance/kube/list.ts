/**
 * LIST: paging with limit/continue from one consistent snapshot, label selectors, and 410 for
 * a continue token older than a compaction
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks).
 */
import { beforeAll, expect, it } from "vitest";
import { ALL_FUNCTIONS, createFunction, createNamespace, expectStatus, functionPath, functionsPath, send, type FunctionObject, type GetTarget, type StatusBody } from "./api";

interface ListBody {
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: FunctionObject[];
}

const NS = "conf-list";
const NAMES = Array.from({ length: 7 }, (_, i) => `fn-${String(i).padStart(2, "0")}`);

export function listCases(target: GetTarget): void {
  const list = async (path: string, query: Record<string, string | number | undefined>) => {
    const res = await send(target(), "viewer", { path, query });
    expectStatus(res, 200);
    return res.body as ListBody;
  };

  beforeAll(async () => {
    await createNamespace(target(), NS);
    for (const [i, name] of NAMES.entries()) await createFunction(target(), NS, name, { labels: { tier: i % 2 ? "odd" : "even" } });
  });

  it("pages with limit and continue, in name order, every page at the first page's resourceVersion", async () => {
    const pages: ListBody[] = [];
    let cont: string | undefined;
    do {
      const page = await list(functionsPath(NS), { limit: 3, continue: cont });
      pages.push(page);
      cont = page.metadata.continue || undefined;
    } while (cont && pages.length < 10);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.items.map((f) => f.metadata.name))).toEqual(NAMES);
    expect(new Set(pages.map((p) => p.metadata.resourceVersion)).size).toBe(1);
    expect(pages[0].kind).toBe("FunctionList");
    expect(pages[0].metadata.remainingItemCount).toBe(4);
    // A custom resource list always says `continue`, "" on its last page.
    expect(pages[2].metadata).toEqual({ continue: "", resourceVersion: pages[0].metadata.resourceVersion });
  });

  it("serves the rest of a paged list from the first page's snapshot, whatever changed since", async () => {
    const first = await list(functionsPath(NS), { limit: 2 });
    await createFunction(target(), NS, "fn-99");
    const del = await send(target(), "admin", { method: "DELETE", path: functionPath(NS, "fn-03") });
    expectStatus(del, 200);
    const rest = await list(functionsPath(NS), { continue: first.metadata.continue });
    expect([...first.items, ...rest.items].map((f) => f.metadata.name)).toEqual(NAMES);
    const now = await list(functionsPath(NS), {});
    expect(now.items.map((f) => f.metadata.name)).toEqual([...NAMES.filter((n) => n !== "fn-03"), "fn-99"]);
    // Put the fixture back for the other cases.
    await createFunction(target(), NS, "fn-03", { labels: { tier: "odd" } });
    expectStatus(await send(target(), "admin", { method: "DELETE", path: functionPath(NS, "fn-99") }), 200);
  });

  it("filters by label selector, across namespaces too", async () => {
    const odd = await list(functionsPath(NS), { labelSelector: "tier=odd" });
    expect(odd.items.map((f) => f.metadata.name)).toEqual(["fn-01", "fn-03", "fn-05"]);
    const all = await list(ALL_FUNCTIONS, { labelSelector: "tier in (even)", limit: 2 });
    expect(all.items.map((f) => `${f.metadata.namespace}/${f.metadata.name}`)).toEqual([`${NS}/fn-00`, `${NS}/fn-02`]);
    expect(all.metadata.continue).toBeTruthy();
  });

  it("answers 410 Expired to a continue token older than a compaction", async () => {
    const first = await list(functionsPath(NS), { limit: 2 });
    // Writes after the snapshot, then the compaction: the snapshot's revision is gone.
    for (let i = 0; i < 3; i++) {
      const res = await send(target(), "admin", {
        method: "PATCH", path: functionPath(NS, "fn-06"), contentType: "application/merge-patch+json",
        body: { metadata: { annotations: { "conformance/touch": String(i) } } },
      });
      expectStatus(res, 200);
    }
    await target().compact();
    const res = await send(target(), "viewer", { path: functionsPath(NS), query: { limit: 2, continue: first.metadata.continue } });
    expectStatus(res, 410);
    const body = res.body as StatusBody & { metadata?: { continue?: string } };
    expect(body.reason).toBe("Expired");
  });
}
