/**
 * The HTTP client of the Kubernetes adapter against a TLS server: a list's pages go over one
 * kept connection, each still with the kubeconfig's credentials, and other TLS material gets
 * its own connections.
 */
import fs from "node:fs";
import https from "node:https";
import tls from "node:tls";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { selfSignedCert } from "@/sim/kube/tls";
import { kubeRequest, kubeStream } from "./http";

const cert = selfSignedCert("kube-http-test");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-http-"));
let server: https.Server;
let url = "";
let handshakes = 0;
const authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    authorizations.push(req.headers.authorization);
    if (req.url?.startsWith("/watch/gone")) {
      // A watch answered at once with a 410 ERROR event, then closed, in one write.
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(`${JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, message: "too old" } })}\n`);
      return;
    }
    if (req.url?.startsWith("/watch/")) {
      // A watch that stays open (200), or a refusal whose body never ends (403).
      res.writeHead(req.url.startsWith("/watch/refused") ? 403 : 200, { "Content-Type": "application/json" });
      res.write(`${JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "1" } } })}\n`);
      return;
    }
    res.setHeader("Content-Type", "application/json");
    // A server that lets go of each connection (an idle socket closed between two probes).
    if (req.url?.startsWith("/closing")) res.setHeader("Connection", "close");
    res.end(JSON.stringify({ kind: "FunctionList", items: [], metadata: { resourceVersion: "1" } }));
  });
  server.on("secureConnection", () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

function kubeConfig(name: string, token: string): KubeConfig {
  const file = path.join(dir, `${name}.kubeconfig`);
  writeKubeconfig(file, [{ name, url, token, caPem: cert.certPem }]);
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

describe("kubeRequest", () => {
  it("sends the pages of a list over one kept TLS connection, each with the kubeconfig's token", async () => {
    const kc = kubeConfig("a", "token-a");
    handshakes = 0;
    authorizations.length = 0;
    for (let page = 0; page < 5; page++) {
      const res = await kubeRequest(kc, { path: "/apis/lambda.services.k8s.aws/v1alpha1/functions", query: { limit: 500 } });
      expect(res.status).toBe(200);
    }
    expect(authorizations).toEqual(Array(5).fill("Bearer token-a"));
    // client-node's own agent per request made five handshakes.
    expect(handshakes).toBe(1);
  });

  it("gives another kubeconfig its own connection and its own credentials", async () => {
    const a = kubeConfig("a2", "token-a");
    const b = kubeConfig("b", "token-b");
    handshakes = 0;
    authorizations.length = 0;
    await kubeRequest(a, { path: "/version" });
    await kubeRequest(b, { path: "/version" });
    await kubeRequest(a, { path: "/version" });
    expect(authorizations).toEqual(["Bearer token-a", "Bearer token-b", "Bearer token-a"]);
    expect(handshakes).toBe(2);
  });

  it("makes the TLS context (the CA parsed) once per kubeconfig, not once per connection", async () => {
    const kc = kubeConfig("c", "token-c");
    handshakes = 0;
    const contexts = vi.spyOn(tls, "createSecureContext");
    try {
      for (let i = 0; i < 4; i++) expect((await kubeRequest(kc, { path: "/closing" })).status).toBe(200);
      expect(handshakes).toBe(4);
      expect(contexts).toHaveBeenCalledTimes(1);
    } finally {
      contexts.mockRestore();
    }
  });

  it("still refuses a server whose certificate the kubeconfig's CA did not sign", async () => {
    const other = selfSignedCert("someone-else");
    const file = path.join(dir, "wrong-ca.kubeconfig");
    writeKubeconfig(file, [{ name: "wrong", url, token: "t", caPem: other.certPem }]);
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    await expect(kubeRequest(kc, { path: "/version" })).rejects.toThrow();
  });
});

describe("kubeStream", () => {
  /** Runs fn while counting the exceptions nothing caught. */
  async function uncaughtDuring(fn: () => Promise<void>): Promise<unknown[]> {
    const seen: unknown[] = [];
    const onUncaught = (e: unknown) => seen.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      await fn();
      // An error emitted on a stream surfaces on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    return seen;
  }

  it("ends quietly when the watch is aborted from its own open handler", async () => {
    const kc = kubeConfig("watch", "token-w");
    const seen = await uncaughtDuring(async () => {
      let opened = 0;
      const handle: { current?: ReturnType<typeof kubeStream> } = {};
      handle.current = kubeStream(
        kc,
        { path: "/watch/functions", idleTimeoutMs: 5_000 },
        () => {},
        () => {
          opened++;
          // What a watcher's connected handler does when the watcher is stopped at that moment.
          handle.current?.abort();
        },
      );
      expect(await handle.current.done).toEqual({ error: null });
      expect(opened).toBe(1);
    });
    expect(seen).toEqual([]);
  });

  it("ends quietly when aborted from the line handler of a watch the server ends in the same write", async () => {
    const kc = kubeConfig("gone", "token-g");
    const seen = await uncaughtDuring(async () => {
      for (let i = 0; i < 20; i++) {
        const handle: { current?: ReturnType<typeof kubeStream> } = {};
        handle.current = kubeStream(kc, { path: "/watch/gone", idleTimeoutMs: 5_000 }, () => handle.current?.abort());
        expect(await handle.current.done).toEqual({ error: null });
        // The kept connection is used again by a plain request between watches, as a relist does.
        expect((await kubeRequest(kc, { path: "/version" })).status).toBe(200);
      }
    });
    expect(seen).toEqual([]);
  });

  it("ends quietly when aborted while a refusal's body is being read", async () => {
    const kc = kubeConfig("refused", "token-r");
    const seen = await uncaughtDuring(async () => {
      const stream = kubeStream(kc, { path: "/watch/refused", idleTimeoutMs: 5_000 }, () => {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      stream.abort();
      expect(await stream.done).toEqual({ error: null });
    });
    expect(seen).toEqual([]);
  });
});
