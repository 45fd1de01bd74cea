/**
 * etcd and kube-apiserver on loopback, as a test control plane (no kubelet, no controllers):
 * etcd with a temporary data dir, kube-apiserver with static token authentication and RBAC.
 * Flags: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
 */
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { freePort, freePorts, startProcess, waitUntilReady, type ManagedProcess } from "./process";
import type { ApiserverPki } from "./pki";

export interface EtcdServer {
  url: string;
  process: ManagedProcess;
}

export async function startEtcd(opts: { binary: string; dir: string }): Promise<EtcdServer> {
  const [clientPort, peerPort] = await freePorts(2);
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const dataDir = path.join(opts.dir, "etcd-data");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const proc = startProcess(
    "etcd",
    opts.binary,
    [
      "--name=realstack",
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=realstack=${peer}`,
      "--initial-cluster-state=new",
      // Throw-away data: skip fsync so a 2-core CI machine is not slowed down by disk flushes.
      "--unsafe-no-fsync",
      "--log-level=warn",
    ],
    { logFile: path.join(opts.dir, "etcd.log") },
  );
  try {
    await waitUntilReady(
      proc,
      async () => {
        const res = await fetch(`${url}/health`);
        return res.ok && ((await res.json()) as { health?: string }).health === "true";
      },
      30_000,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, process: proc };
}

export interface ApiServer {
  url: string;
  process: ManagedProcess;
}

/** GET `url` over TLS verified against `ca`, with a bearer token; resolves to the status code. */
export function httpsStatus(url: string, ca: Buffer, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: { authorization: `Bearer ${token}` }, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

export async function startApiserver(opts: {
  binary: string;
  dir: string;
  etcdUrl: string;
  pki: ApiserverPki;
  tokenFile: string;
  /** A token of a system:masters user, for the readiness probe. */
  adminToken: string;
  /**
   * false: --watch-cache=false, so watches and lists are served by etcd itself and an etcd
   * compaction makes resumes from older resourceVersions fail with 410 at once (the watch
   * cache would keep answering them from memory). Default true, as in real clusters.
   */
  watchCache?: boolean;
}): Promise<ApiServer> {
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const certDir = path.join(opts.dir, "apiserver-certs");
  fs.mkdirSync(certDir, { recursive: true, mode: 0o700 });
  const proc = startProcess(
    "kube-apiserver",
    opts.binary,
    [
      `--etcd-servers=${opts.etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${port}`,
      `--cert-dir=${certDir}`,
      `--tls-cert-file=${opts.pki.servingCertFile}`,
      `--tls-private-key-file=${opts.pki.servingKeyFile}`,
      `--client-ca-file=${opts.pki.caFile}`,
      `--token-auth-file=${opts.tokenFile}`,
      "--authorization-mode=RBAC",
      "--anonymous-auth=false",
      `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
      `--service-account-key-file=${opts.pki.serviceAccountPubFile}`,
      `--service-account-signing-key-file=${opts.pki.serviceAccountKeyFile}`,
      // An address range is required; nothing is routed to it (no kubelet, no kube-proxy).
      "--service-cluster-ip-range=10.0.0.0/24",
      // No kubelets: do not maintain the `kubernetes` Service endpoints (127.0.0.1 is not a
      // valid endpoint address anyway).
      "--endpoint-reconciler-type=none",
      // The ServiceAccount admission plugin waits for a token controller that is not running.
      "--disable-admission-plugins=ServiceAccount",
      "--profiling=false",
      ...(opts.watchCache === false ? ["--watch-cache=false"] : []),
      "--v=1",
    ],
    { logFile: path.join(opts.dir, "kube-apiserver.log") },
  );
  const ca = fs.readFileSync(opts.pki.caFile);
  try {
    // /readyz is 200 once storage, RBAC bootstrap roles and other post-start hooks are done.
    await waitUntilReady(proc, async () => (await httpsStatus(`${url}/readyz`, ca, opts.adminToken)) === 200, 90_000);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, process: proc };
}
