import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { loadClusters } from "./in-cluster";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "in-cluster-"));
const sa = path.join(dir, "sa");
fs.mkdirSync(sa);
fs.writeFileSync(path.join(sa, "token"), "not-a-real-token");
fs.writeFileSync(path.join(sa, "ca.crt"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
const kubeconfig = path.join(dir, "remote.kubeconfig");
fs.writeFileSync(
  kubeconfig,
  "apiVersion: v1\nkind: Config\nclusters:\n- name: r\n  cluster: {server: 'https://10.0.0.1:6443'}\ncontexts:\n- name: prod-eu\n  context: {cluster: r, user: u}\nusers:\n- name: u\n  user: {token: t}\ncurrent-context: prod-eu\n",
);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const names = (env: Record<string, string>, saDir = sa) => loadClusters(parseConfig(env), saDir).map((c) => [c.name, c.server]);

describe("loadClusters", () => {
  it("in a pod without KUBECONFIG: the home cluster through the ServiceAccount, named in-cluster unless named", () => {
    expect(names({ KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" })).toEqual([["in-cluster", "https://10.96.0.1:443"]]);
    expect(names({ KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443", ACK_FLEET_IN_CLUSTER_NAME: "mgmt" })).toEqual([["mgmt", "https://[fd00::1]:443"]]);
  });
  it("with a mounted kubeconfig: the remote clusters, and the home cluster too when ACK_FLEET_IN_CLUSTER_NAME names it", () => {
    const env = { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443", KUBECONFIG: kubeconfig };
    expect(names(env)).toEqual([["prod-eu", "https://10.0.0.1:6443"]]);
    expect(names({ ...env, ACK_FLEET_IN_CLUSTER_NAME: "mgmt" })).toEqual([["mgmt", "https://10.96.0.1:443"], ["prod-eu", "https://10.0.0.1:6443"]]);
    expect(() => names({ ...env, ACK_FLEET_IN_CLUSTER_NAME: "prod-eu" })).toThrow(/also a context of the kubeconfig/);
  });
  it("outside a pod: the kubeconfig only", () => {
    expect(names({ KUBECONFIG: kubeconfig, ACK_FLEET_IN_CLUSTER_NAME: "mgmt" })).toEqual([["prod-eu", "https://10.0.0.1:6443"]]);
  });
  it("says which file is missing when the token is not mounted", () => {
    expect(() => names({ KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" }, path.join(dir, "none"))).toThrow(/token is missing: is automountServiceAccountToken off/);
  });
});
