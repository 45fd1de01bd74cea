/**
 * GET /api/stream's protocol over real HTTP (a Node server piping the route's Response, as
 * `next start` does): ids on every event, resume with Last-Event-ID without gaps or repeats,
 * `reset` when that is impossible, heartbeats, headers, and clean-up when the client leaves.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LiveHub } from "./live-hub";
import { streamResponse } from "./sse";
import { until } from "@/test/until";

let hub: LiveHub;
let server: http.Server;
let base: string;

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads an SSE response as it arrives; `events` grows, `comments` counts comment lines. */
function connect(headers: Record<string, string> = {}, query = "") {
  const ac = new AbortController();
  const state = { events: [] as SseEvent[], comments: 0, status: 0, headers: new Headers(), done: false };
  const ready = fetch(`${base}/api/stream${query}`, { headers, signal: ac.signal }).then(async (res) => {
    state.status = res.status;
    state.headers = res.headers;
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const ev: SseEvent = {};
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) state.comments++;
              else if (line.startsWith("id: ")) ev.id = line.slice(4);
              else if (line.startsWith("event: ")) ev.event = line.slice(7);
              else if (line.startsWith("data: ")) ev.data = line.slice(6);
            }
            if (ev.event) state.events.push(ev);
          }
        }
      } catch {
        /* aborted */
      }
      state.done = true;
    })();
  });
  return { state, ready, close: () => ac.abort() };
}


const rows = (s: { events: SseEvent[] }) => s.events.filter((e) => e.event === "row").map((e) => (JSON.parse(e.data!) as { id: string }).id);

beforeAll(async () => {
  hub = new LiveHub({ ringSize: 10 });
  server = http.createServer(async (req, res) => {
    const ac = new AbortController();
    res.on("close", () => ac.abort());
    const request = new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string>, signal: ac.signal });
    const response = streamResponse(hub, request, { heartbeatMs: 100 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("GET /api/stream over HTTP", () => {
  it("sends SSE headers, a hello with an id, live events with ids, and heartbeats", async () => {
    const c = connect({ "Accept-Encoding": "gzip, br" });
    await c.ready;
    expect(c.state.status).toBe(200);
    expect(c.state.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(c.state.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(c.state.headers.get("x-accel-buffering")).toBe("no");
    expect(c.state.headers.get("content-encoding")).toBeNull();
    await until("hello", () => c.state.events.some((e) => e.event === "hello"));
    expect(c.state.events[0]).toMatchObject({ event: "hello", id: hub.lastId, data: '{"resumed":false}' });
    hub.publish("row", { id: "c/ns/a", row: null });
    await until("the row", () => rows(c.state).length === 1);
    expect(c.state.events[1].id).toBe(hub.lastId);
    await until("a heartbeat", () => c.state.comments >= 1);
    c.close();
    await until("the server to let go", () => hub.subscriberCount === 0);
  });

  it("resumes from Last-Event-ID with exactly the missed events, in order", async () => {
    const first = connect();
    await first.ready;
    await until("hello", () => first.state.events.length === 1);
    for (const id of ["r1", "r2"]) hub.publish("row", { id, row: null });
    await until("two rows", () => rows(first.state).length === 2);
    const lastSeen = first.state.events[first.state.events.length - 1].id!;
    first.close();
    await until("disconnect", () => hub.subscriberCount === 0);

    for (const id of ["r3", "r4", "r5"]) hub.publish("row", { id, row: null }); // missed while away
    const second = connect({ "Last-Event-ID": lastSeen });
    await second.ready;
    await until("hello", () => second.state.events.some((e) => e.event === "hello"));
    hub.publish("row", { id: "r6", row: null });
    await until("the live one", () => rows(second.state).includes("r6"));
    expect(rows(second.state)).toEqual(["r3", "r4", "r5", "r6"]);
    expect(second.state.events.find((e) => e.event === "hello")?.data).toBe('{"resumed":true}');
    const seqs = second.state.events.filter((e) => e.event === "row").map((e) => Number(e.id!.split("-")[1]));
    expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2, seqs[0] + 3]);
    second.close();

    // A new EventSource cannot set the header: the same resume through ?lastEventId=.
    const third = connect({}, `?lastEventId=${encodeURIComponent(lastSeen)}`);
    await third.ready;
    await until("replay", () => rows(third.state).length === 4);
    expect(rows(third.state)).toEqual(["r3", "r4", "r5", "r6"]);
    third.close();
  });

  it("says reset when the gap can no longer be filled, or the id is from another run", async () => {
    const old = `${hub.epoch}-1`;
    for (let i = 0; i < 12; i++) hub.publish("row", { id: `bulk-${i}`, row: null }); // ring of 10
    for (const lastEventId of [old, "0abc-5", "not an id"]) {
      const c = connect({ "Last-Event-ID": lastEventId });
      await c.ready;
      await until("reset and hello", () => c.state.events.length >= 2);
      expect(c.state.events[0].event).toBe("reset");
      expect(c.state.events[0].id).toBe(hub.lastId);
      expect(rows(c.state)).toEqual([]);
      c.close();
    }
  });

  it("makes each event's bytes once for every stream that sends it (a fan-out to many browsers)", async () => {
    const clients = [connect(), connect(), connect()];
    await Promise.all(clients.map((c) => c.ready));
    await until("three hellos", () => clients.every((c) => c.state.events.some((e) => e.event === "hello")));
    const encode = vi.spyOn(TextEncoder.prototype, "encode");
    try {
      hub.publish("row", { id: "c/ns/fan-out", row: null });
      await until("the row on every stream", () => clients.every((c) => rows(c.state).includes("c/ns/fan-out")));
      const encodedIt = encode.mock.calls.filter(([text]) => typeof text === "string" && text.includes("c/ns/fan-out"));
      expect(encodedIt).toHaveLength(1);
      const texts = clients.map((c) => c.state.events.find((e) => e.data?.includes("c/ns/fan-out")));
      expect(new Set(texts.map((t) => JSON.stringify(t))).size).toBe(1);
    } finally {
      encode.mockRestore();
      for (const c of clients) c.close();
    }
    await until("the server to let go", () => hub.subscriberCount === 0);
  });
});
