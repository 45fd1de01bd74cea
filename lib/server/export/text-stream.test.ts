import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStores, type Stores } from "../store/open";
import { allAuditEntries, chunked, firstOf, take, textStream } from "./text-stream";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-pages-"));
const opened: Stores[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function storeWith(count: number, perTimestamp: number, name = "fn"): Stores {
  const stores = openStores(`sqlite:${path.join(dir, `${opened.length}.db`)}`);
  opened.push(stores);
  for (let i = 0; i < count; i++) {
    stores.audit.append({
      requestId: `r${i}`,
      phase: "attempt",
      actor: { user: "alice", groups: [] },
      cluster: "c1",
      namespace: "ns",
      name: i % 2 ? name : "other",
      uid: null,
      action: "remove-finalizer",
      reason: `entry ${i}`,
      preconditions: {},
      dryRun: null,
      outcome: null,
      error: null,
      status: null,
      at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / perTimestamp) * 1000).toISOString(),
    });
  }
  return stores;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("allAuditEntries", () => {
  it("gives every entry once, newest first, across pages whose edges fall inside a run of equal times", async () => {
    const { audit } = storeWith(233, 7);
    const all = await collect(allAuditEntries(audit, {}, 20));
    expect(all).toHaveLength(233);
    expect(new Set(all.map((e) => e.id)).size).toBe(233);
    expect(all.map((e) => e.reason)).toEqual((await audit.list({ limit: 10_000 })).map((e) => e.reason));
    // With a filter, and an until of its own.
    const some = await collect(allAuditEntries(audit, { name: "fn", until: "2026-01-01T00:00:20.000Z" }, 9));
    expect(some.map((e) => e.id)).toEqual((await audit.list({ name: "fn", until: "2026-01-01T00:00:20.000Z", limit: 10_000 })).map((e) => e.id));
  });

  it("stops with an error rather than loop when one time holds more entries than a page", async () => {
    const { audit } = storeWith(30, 30);
    await expect(collect(allAuditEntries(audit, {}, 10))).rejects.toThrow(/more than 10 audit entries at/);
  });
});

describe("textStream", () => {
  it("writes the chunks as they are read", async () => {
    const text = await new Response(textStream(chunked([1, 2, 3, 4, 5], (n) => `${n};`, 2))).text();
    expect(text).toBe("1;2;3;4;5;");
  });
});

describe("take and firstOf", () => {
  it("read no further than asked: the source is closed after the last item taken", async () => {
    const pulled: number[] = [];
    let closed = false;
    async function* numbers() {
      try {
        for (let i = 1; i <= 100; i++) {
          pulled.push(i);
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    expect(await firstOf(numbers(), 3)).toEqual([1, 2, 3]);
    expect(pulled).toEqual([1, 2, 3]);
    expect(closed).toBe(true);
    expect(await firstOf(take(numbers(), 2), 5)).toEqual([1, 2]);
    expect(await firstOf(numbers(), 0)).toEqual([]);
  });
});
