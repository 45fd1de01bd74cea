import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { createListFetcher, type ListRequest, type ListResponse } from "./list-fetch-core";
import { createListWorkerClient, type ListWorker } from "./list-worker-client";
import { makeCluster, makeRow } from "@/test/make-row";

// A real HTTP server plays the dashboard API; the "worker" runs the real worker code in-process.
let server: Server;
let base = "";
let items: unknown[] = [];
let status = 200;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(
      status === 200
        ? JSON.stringify({ generatedAt: "2025-11-26T15:00:00Z", clusters: [makeCluster({ name: "prod-eu" })], items })
        : JSON.stringify({ error: { code: "unavailable", message: "fleet not started" } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function inProcessWorker(log: ListRequest[]): () => ListWorker {
  return () => {
    const fetchList = createListFetcher();
    const worker: ListWorker = {
      onmessage: null,
      onerror: null,
      terminate() {},
      postMessage(request) {
        log.push(request);
        void fetchList(request).then((response: ListResponse) => worker.onmessage?.({ data: response }));
      },
    };
    return worker;
  };
}

describe("list worker client", () => {
  it("keeps unchanged rows as the same objects across polls", async () => {
    status = 200;
    const log: ListRequest[] = [];
    const client = createListWorkerClient(inProcessWorker(log));
    const a = makeRow({ name: "a" });
    const b = makeRow({ name: "b" });
    items = [a, b];
    const first = await client.fetchList(`${base}/api/functions`);
    expect(first.items.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(first.clusters[0].name).toBe("prod-eu");

    const second = await client.fetchList(`${base}/api/functions`);
    expect(second.items).toBe(first.items);

    items = [a, { ...b, resourceVersion: "99" }];
    const third = await client.fetchList(`${base}/api/functions`);
    expect(third.items[0]).toBe(first.items[0]);
    expect(third.items[1].resourceVersion).toBe("99");
    expect(log.map((r) => r.reset)).toEqual([true, false, false]);
    expect(client.lastCostMs()).toBeGreaterThan(0);
  });

  it("rejects with the API's error and recovers on the next poll", async () => {
    const client = createListWorkerClient(inProcessWorker([]));
    status = 503;
    await expect(client.fetchList(`${base}/api/functions`)).rejects.toMatchObject({ status: 503, code: "unavailable", message: "fleet not started" });
    status = 200;
    items = [makeRow({ name: "c" })];
    await expect(client.fetchList(`${base}/api/functions`)).resolves.toMatchObject({ items: [{ name: "c" }] });
  });

  it("rejects a list with an invalid row, naming it", async () => {
    status = 200;
    const client = createListWorkerClient(inProcessWorker([]));
    const bad = { ...makeRow({ name: "d" }), verdict: { health: "on-fire" } } as unknown as FunctionRow;
    items = [makeRow({ name: "ok" }), bad];
    await expect(client.fetchList(`${base}/api/functions`)).rejects.toMatchObject({ code: "bad_response", message: expect.stringContaining("items.1.verdict") });
  });

  it("still merges an answer whose caller gave up, so the next delta applies", async () => {
    status = 200;
    const log: ListRequest[] = [];
    const client = createListWorkerClient(inProcessWorker(log));
    items = [makeRow({ name: "x" })];
    await client.fetchList(`${base}/api/functions`);
    items = [makeRow({ name: "x" }), makeRow({ name: "y" })];
    const controller = new AbortController();
    const gaveUp = client.fetchList(`${base}/api/functions`, controller.signal);
    controller.abort();
    await expect(gaveUp).rejects.toBeDefined();
    await new Promise((r) => setTimeout(r, 200));
    const next = await client.fetchList(`${base}/api/functions`);
    expect(next.items.map((r) => r.name)).toEqual(["x", "y"]);
    expect(log.map((r) => r.reset)).toEqual([true, false, false]);
  });
});
