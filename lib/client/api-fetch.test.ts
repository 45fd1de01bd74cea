import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiRequestError, fetchApi, isNotFound, shouldRetry } from "./api-fetch";

// A real HTTP server on loopback that answers the shapes the dashboard API uses.
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    };
    if (req.url === "/ok") return send(200, JSON.stringify({ count: 3 }));
    if (req.url === "/wrong-shape") return send(200, JSON.stringify({ count: "three" }));
    if (req.url === "/missing") return send(404, JSON.stringify({ error: { code: "not_found", message: "Function prod-eu/a/b not found" } }));
    return send(500, "<html>oops</html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const Count = z.object({ count: z.number() });

describe("fetchApi", () => {
  it("returns the parsed body", async () => {
    await expect(fetchApi(`${base}/ok`, Count)).resolves.toEqual({ count: 3 });
  });

  it("turns the API's error body into an ApiRequestError", async () => {
    const error = await fetchApi(`${base}/missing`, Count).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 404, code: "not_found", message: "Function prod-eu/a/b not found" });
    expect(isNotFound(error)).toBe(true);
    expect(shouldRetry(0, error)).toBe(false);
  });

  it("reports a non-JSON failure by status", async () => {
    const error = await fetchApi(`${base}/boom`, Count).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, code: "http_error" });
    expect(shouldRetry(0, error)).toBe(true);
    expect(shouldRetry(2, error)).toBe(false);
  });

  it("names the field when the body has the wrong shape", async () => {
    const error = await fetchApi(`${base}/wrong-shape`, Count).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "bad_response" });
    expect((error as Error).message).toContain("at count");
  });

  it("says when the server cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetchApi(`http://127.0.0.1:${port}/ok`, Count).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: "unreachable" });
  });
});
