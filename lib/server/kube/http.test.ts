/**
 * The HTTP client of the Kubernetes adapter against a TLS server: a list's pages go over one
 * kept connection, each still with the kubeconfig's credentials, and other TLS material gets
 * its own connections.
 */
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { selfSignedCert } from "@/sim/kube/tls";
import { kubeRequest } from "./http";

const cert = selfSignedCert("kube-http-test");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-http-"));
let server: https.Server;
let url = "";
let handshakes = 0;
const authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    authorizations.push(req.headers.authorization);
    res.setHeader("Content-Type", "application/json");
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

  it("still refuses a server whose certificate the kubeconfig's CA did not sign", async () => {
    const other = selfSignedCert("someone-else");
    const file = path.join(dir, "wrong-ca.kubeconfig");
    writeKubeconfig(file, [{ name: "wrong", url, token: "t", caPem: other.certPem }]);
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    await expect(kubeRequest(kc, { path: "/version" })).rejects.toThrow();
  });
});
