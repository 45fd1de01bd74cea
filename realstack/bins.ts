/**
 * Where the real-stack binaries are: the cache folder that scripts/realstack-build.sh fills,
 * keyed by the versions pinned in realstack/versions.env (the one place they are pinned).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const REALSTACK_DIR = path.resolve(__dirname);
export const REPO_ROOT = path.resolve(REALSTACK_DIR, "..");

export interface RealStackVersions {
  k8s: string;
  etcd: string;
  moto: string;
}

export interface RealStackBinaries {
  /** Folder the build script writes to. */
  dir: string;
  kubeApiserver: string;
  etcd: string;
  /** `$KUBECTL` when set, else the kubectl built next to kube-apiserver. */
  kubectl: string;
  /** Paths that do not exist or are not executable; empty when the stack can start. */
  missing: string[];
}

/** Parses realstack/versions.env (KEY=value lines, `#` comments). */
export function readVersions(file = path.join(REALSTACK_DIR, "versions.env")): RealStackVersions {
  const values = new Map<string, string>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)=(\S+)\s*$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  const need = (key: string): string => {
    const v = values.get(key);
    if (!v) throw new Error(`${file}: ${key} is not set`);
    return v;
  };
  return { k8s: need("K8S_VERSION"), etcd: need("ETCD_VERSION"), moto: need("MOTO_VERSION") };
}

/** The cache root, as in scripts/realstack-build.sh. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.ACK_FLEET_CACHE || path.join(env.HOME || os.homedir(), ".cache", "ack-lambda-fleet");
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Locates the binaries. `REALSTACK_BIN_DIR` overrides the cache folder (e.g. binaries built
 * elsewhere); `KUBECTL` overrides kubectl only.
 */
export function findBinaries(env: NodeJS.ProcessEnv = process.env): RealStackBinaries {
  const v = readVersions();
  const dir =
    env.REALSTACK_BIN_DIR ||
    path.join(cacheRoot(env), "realstack", `k8s-${v.k8s}-etcd-${v.etcd}`, "bin");
  const bins = {
    dir,
    kubeApiserver: path.join(dir, "kube-apiserver"),
    etcd: path.join(dir, "etcd"),
    kubectl: env.KUBECTL || path.join(dir, "kubectl"),
  };
  const missing = [bins.kubeApiserver, bins.etcd, bins.kubectl].filter((f) => !isExecutable(f));
  return { ...bins, missing };
}
