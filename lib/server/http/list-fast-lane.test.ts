/**
 * The list fast lane's installation on a real http.Server (127.0.0.1) whose "Next.js" is a
 * fake 'request' listener: everything the lane does not answer reaches that listener untouched,
 * once, and the lane goes on a server once, only on the one Next.js listens with.
 */
import http from "node:http";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ServerApp } from "../app";
import { installServerApp } from "../holder";
import { InFlight } from "./in-flight";
import { encodingOf, installListFastLane, installListFastLanes, isPageRender } from "./list-fast-lane";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server whose only listener stands for Next.js: it records what it got and answers 299. */
async function fakeNext(): Promise<{ server: http.Server; seen: Seen[]; port: number }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: { ...req.headers }, rawHeaders: [...req.rawHeaders], body });
      res.writeHead(299, { "X-Fake-Next": "yes" }).end("from next");
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, seen, port: (server.address() as net.AddressInfo).port };
}

function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("installListFastLane", () => {
  it("passes every request it does not answer to Next.js's listener untouched, once", async () => {
    installServerApp(null);
    const { server, seen, port } = await fakeNext();
    expect(installListFastLane(server, { listen: { port } })).toBe(true);
    expect(installListFastLane(server, { listen: { port } })).toBe(false);
    // A client's own connection header is replaced by the connection's facts (./request-tap.ts).
    const odd = { "X-Odd": "a\tb", "X-Forwarded-For": "10.0.0.1", Cookie: "s=1", "X-Ack-Fleet-Connection": "https 10.9.9.9 443 10.9.9.9" };
    const answers = [
      await send(port, "POST", "/api/remediations?x=1", { ...odd, "Content-Type": "application/json" }, '{"kind":"remove-finalizer"}'),
      await send(port, "GET", "/", odd),
      await send(port, "GET", "/api/functions/c/ns/fn", odd),
      await send(port, "GET", "/api/functionsx", odd),
      // A list read, but no app is installed here: Next.js answers it (its 503).
      await send(port, "GET", "/api/functions?limit=5", odd),
      await send(port, "HEAD", "/api/functions", odd),
    ];
    for (const a of answers) {
      expect(a.status).toBe(299);
      expect(a.headers["x-fake-next"]).toBe("yes");
      expect(a.headers["server-timing"]).toBeUndefined();
    }
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(["POST /api/remediations?x=1", "GET /", "GET /api/functions/c/ns/fn", "GET /api/functionsx", "GET /api/functions?limit=5", "HEAD /api/functions"]);
    expect(seen[0].body).toBe('{"kind":"remove-finalizer"}');
    for (const s of seen) {
      // Untouched but for the tapped connection: no other header added (not even the
      // x-forwarded-* the lane reads with), none changed.
      expect(s.headers["x-ack-fleet-connection"]).toBe(`http 127.0.0.1 ${port} 127.0.0.1`);
      expect(s.headers["x-odd"]).toBe("a\tb");
      expect(s.headers["x-forwarded-for"]).toBe("10.0.0.1");
      expect(s.headers["x-forwarded-host"]).toBeUndefined();
      expect(s.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase())).not.toContain("x-forwarded-port");
    }
    expect(server.listeners("request")).toHaveLength(1);
  });

  it("goes only on the listening http.Server of Next.js's port, once; switched off, it only taps the connection", async () => {
    const a = await fakeNext();
    const b = await fakeNext();
    const before = { a: a.server.listeners("request")[0], b: b.server.listeners("request")[0] };
    const saved = process.env.PORT;
    process.env.PORT = String(a.port);
    try {
      installListFastLanes({ listen: { port: 1 }, listFastLane: true }, () => [a.server, b.server]);
      installListFastLanes({ listen: { port: 1 }, listFastLane: true }, () => [a.server, b.server]);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
    expect(a.server.listeners("request")).toHaveLength(1);
    expect(a.server.listeners("request")[0]).not.toBe(before.a);
    expect(b.server.listeners("request")).toEqual([before.b]);
    expect((await send(a.port, "GET", "/")).status).toBe(299);
    expect(a.seen).toHaveLength(1);
    expect((await send(b.port, "GET", "/", { "X-Ack-Fleet-Connection": "http 10.0.0.1 80 10.0.0.1" })).status).toBe(299);
    expect(b.seen[0].headers["x-ack-fleet-connection"], "not tapped: not Next.js's server").toBe("http 10.0.0.1 80 10.0.0.1");

    const c = await fakeNext();
    installServerApp(null);
    expect(installListFastLane(c.server, { listen: { port: c.port } }, false)).toBe(true);
    expect(installListFastLane(c.server, { listen: { port: c.port } }, false)).toBe(false);
    await send(c.port, "GET", "/api/functions?limit=5", { "X-Ack-Fleet-Connection": "http 10.0.0.1 80 10.0.0.1" });
    expect(c.seen.map((x) => [x.url, x.headers["x-ack-fleet-connection"]])).toEqual([["/api/functions?limit=5", `http 127.0.0.1 ${c.port} 127.0.0.1`]]);
  });
});

describe("the pages being rendered (what the recorder's transactions wait for)", () => {
  it("counts a page request from its arrival until its answer is done, and no API request, asset or file", async () => {
    const pages = new InFlight();
    installServerApp({ pages } as unknown as ServerApp);
    try {
      const held: http.ServerResponse[] = [];
      const server = http.createServer((_req, res) => void held.push(res));
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const port = (server.address() as net.AddressInfo).port;
      installListFastLane(server, { listen: { port } }, false);
      const answered = [send(port, "GET", "/?q=a"), send(port, "GET", "/functions/prod/team-a/x"), send(port, "GET", "/api/clusters"), send(port, "GET", "/_next/static/chunk.js"), send(port, "GET", "/favicon.ico")];
      await expect.poll(() => held.length).toBe(5);
      expect(pages.size).toBe(2);
      for (const res of held) res.end("ok");
      await Promise.all(answered);
      await expect.poll(() => pages.size).toBe(0);
      // A client that goes away before the answer ends its count too.
      const gone = http.get({ host: "127.0.0.1", port, path: "/" }).on("error", () => {});
      await expect.poll(() => pages.size).toBe(1);
      gone.destroy();
      await expect.poll(() => pages.size).toBe(0);
    } finally {
      installServerApp(null);
    }
  });

  it.each([
    ["GET", "/", true],
    ["GET", "/audit?x=1", true],
    ["POST", "/", false],
    ["GET", "/api/functions", false],
    ["GET", "/_next/static/x.js", false],
    ["GET", "/robots.txt", false],
  ])("%s %s is a page render: %s", (method, url, page) => {
    expect(isPageRender({ method, url })).toBe(page);
  });
});

describe("encodingOf", () => {
  it.each([
    [undefined, "identity"],
    ["", "identity"],
    ["identity", "identity"],
    ["gzip", "gzip"],
    ["gzip, deflate, br", "gzip"],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip"],
    ["*", "gzip"],
    ["gzip;q=0", "identity"],
    ["br", "identity"],
    ["deflate", "other"],
    ["gzip;q=0, *", "other"],
    ["gzip;q=abc", "other"],
  ])("%s → %s", (header, want) => {
    expect(encodingOf(header)).toBe(want);
  });
});
