import http from "node:http";
import { describe, expect, it } from "vitest";
import { hostNameOf, isLoopbackHost, isLoopbackIp, listeningAddresses, localRequestProblem } from "./loopback";

describe("loopback checks", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.1", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["0.0.0.0", false],
    ["::", false],
    ["::ffff:10.0.0.1", false],
  ])("isLoopbackIp(%s) = %s", (ip, want) => expect(isLoopbackIp(ip)).toBe(want));

  it("reads host names out of Host headers", () => {
    expect(hostNameOf("127.0.0.1:3000")).toBe("127.0.0.1");
    expect(hostNameOf("[::1]:3000")).toBe("::1");
    expect(hostNameOf("LOCALHOST")).toBe("localhost");
    expect(isLoopbackHost("localhost:3000")).toBe(true);
    expect(isLoopbackHost("localhost.attacker.example:3000")).toBe(false);
  });

  it("refuses when the server listens beyond loopback, the Host is not loopback, or the request was forwarded", () => {
    const ok = new Headers({ host: "127.0.0.1:3000" });
    expect(localRequestProblem(ok, ["127.0.0.1"])).toBeNull();
    expect(localRequestProblem(ok, ["127.0.0.1", "::"])).toMatch(/listens on ::/);
    expect(localRequestProblem(new Headers({ host: "rebound.example:3000" }), ["127.0.0.1"])).toMatch(/Host header/);
    expect(localRequestProblem(new Headers({ host: "127.0.0.1:3000", "x-forwarded-for": "127.0.0.1, 192.168.1.4" }), ["127.0.0.1"])).toMatch(/this machine/);
  });
});

describe("listeningAddresses", () => {
  it("sees a server this process listens with", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      expect(listeningAddresses()).toContain("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("sees a listener that came later once its kept answer is a second old", async () => {
    const first = http.createServer();
    await new Promise<void>((resolve) => first.listen(0, "127.0.0.1", resolve));
    const later = http.createServer();
    try {
      const now = Date.now();
      expect(listeningAddresses(now)).toContain("127.0.0.1");
      await new Promise<void>((resolve) => later.listen(0, "127.0.0.2", resolve));
      expect(listeningAddresses(now + 1001)).toContain("127.0.0.2");
    } finally {
      await Promise.all([first, later].map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
