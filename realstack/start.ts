/**
 * startRealStack(): a real etcd + kube-apiserver (built by scripts/realstack-build.sh) with the
 * ACK Lambda CRDs, RBAC and one kubeconfig per identity, plus moto's Lambda API, all on
 * 127.0.0.1 with free ports chosen at start. stop() ends every process and removes the
 * temporary folder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { findBinaries, readVersions } from "./bins";
import { IDENTITY_SPECS, newTokens, writeKubeconfigs, writeTokenFile, type Identity, type IdentityTokens } from "./identities";
import { startApiserver, startEtcd } from "./kube";
import { setUpCluster } from "./kube-setup";
import { createAckFunction, MOTO_CREDENTIALS, startMoto, type AckFunctionInput } from "./moto";
import { writeApiserverPki } from "./pki";
import type { ManagedProcess } from "./process";

export type { Identity } from "./identities";
export type { AckFunctionInput } from "./moto";

export interface RealStack {
  /** https://127.0.0.1:<port> */
  apiserverUrl: string;
  /** http://127.0.0.1:<port>: etcd's client URL (v3 gRPC gateway), e.g. to force a compaction. */
  etcdUrl: string;
  /** CA that signed the apiserver's serving certificate. */
  caFile: string;
  kubeconfigs: Record<Identity, string>;
  /** Static bearer tokens (secrets: never log them). */
  tokens: IdentityTokens;
  /** Kubernetes user name of each identity (for impersonation and SubjectAccessReviews). */
  users: Record<Identity, string>;
  /** kubectl to use with the kubeconfigs ($KUBECTL or the one built with the apiserver). */
  kubectl: string;
  k8sVersion: string;
  /** http://127.0.0.1:<port> */
  motoUrl: string;
  aws: { region: string; accountId: string; roleArn: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** A Lambda client for moto; the caller destroys it. */
  lambda(): LambdaClient;
  /** Creates a function in moto tagged as the ACK controller tags it. */
  createAckFunction(input: AckFunctionInput): Promise<{ arn: string }>;
  /** Folder holding kubeconfigs, certificates and logs (removed by stop()). */
  dir: string;
  stop(): Promise<void>;
}

export interface StartRealStackOptions {
  /** Parent folder for the stack's temporary folder (default: the OS temp dir). */
  dir?: string;
  /** Keep the temporary folder (logs) after stop(), for debugging. Default: $REALSTACK_KEEP=1. */
  keep?: boolean;
  /** kube-apiserver's watch cache (default true); see startApiserver. */
  watchCache?: boolean;
}

/** Process groups still running, killed synchronously if the Node process exits without stop(). */
const running = new Set<ManagedProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const proc of running) {
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });
}

export async function startRealStack(opts: StartRealStackOptions = {}): Promise<RealStack> {
  const bins = findBinaries();
  if (bins.missing.length > 0) {
    throw new Error(`real-stack binaries missing (run scripts/realstack-build.sh): ${bins.missing.join(", ")}`);
  }
  const parent = opts.dir ?? os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, "realstack-"));
  const keep = opts.keep ?? process.env.REALSTACK_KEEP === "1";
  const started: ManagedProcess[] = [];
  installExitHook();
  const track = <T extends { process: ManagedProcess }>(server: T): T => {
    started.push(server.process);
    running.add(server.process);
    return server;
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Reverse start order: the apiserver before its etcd.
    for (const proc of [...started].reverse()) {
      await proc.stop();
      running.delete(proc);
    }
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pki = writeApiserverPki(path.join(dir, "pki"));
    const tokens = newTokens();
    const tokenFile = path.join(dir, "tokens.csv");
    writeTokenFile(tokenFile, tokens);

    // moto starts in parallel with the control plane: it does not depend on it.
    const motoPromise = startMoto({ dir }).then(track);
    const kubePromise = (async () => {
      const etcd = track(await startEtcd({ binary: bins.etcd, dir }));
      const apiserver = track(
        await startApiserver({ binary: bins.kubeApiserver, dir, etcdUrl: etcd.url, pki, tokenFile, adminToken: tokens.admin, watchCache: opts.watchCache }),
      );
      return { ...apiserver, etcdUrl: etcd.url };
    })();
    const [moto, apiserver] = await Promise.allSettled([motoPromise, kubePromise]).then((results) => {
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
      return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
        Awaited<typeof motoPromise>,
        Awaited<typeof kubePromise>,
      ];
    });

    const kubeconfigs = writeKubeconfigs(dir, apiserver.url, pki.caFile, tokens);
    await setUpCluster(kubeconfigs.admin);

    const users = Object.fromEntries(
      Object.entries(IDENTITY_SPECS).map(([id, spec]) => [id, spec.user]),
    ) as Record<Identity, string>;
    return {
      apiserverUrl: apiserver.url,
      etcdUrl: apiserver.etcdUrl,
      caFile: pki.caFile,
      kubeconfigs,
      tokens,
      users,
      kubectl: bins.kubectl,
      k8sVersion: readVersions().k8s,
      motoUrl: moto.url,
      aws: { region: moto.region, accountId: moto.accountId, roleArn: moto.roleArn, credentials: { ...MOTO_CREDENTIALS } },
      lambda: () => moto.lambda(),
      createAckFunction: (input) => createAckFunction(moto, input),
      dir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
