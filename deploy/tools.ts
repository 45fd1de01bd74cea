/**
 * Where scripts/deploy-tools-build.sh puts the deployment tests' tools, at the versions pinned in
 * deploy/tools.env (the one place they are pinned): helm, the Prometheus Operator's CRDs and
 * oauth2-proxy.
 */
import fs from "node:fs";
import path from "node:path";
import { cacheRoot } from "../realstack/bins";

export const DEPLOY_DIR = path.resolve(__dirname);
export const CHART_DIR = path.join(DEPLOY_DIR, "helm", "ack-lambda-fleet");

export function readToolVersions(file = path.join(DEPLOY_DIR, "tools.env")): { helm: string; prometheusOperator: string; oauth2Proxy: string } {
  const values = new Map<string, string>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)=(\S+)\s*$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  const need = (key: string) => {
    const v = values.get(key);
    if (!v) throw new Error(`${file}: ${key} is not set`);
    return v;
  };
  return { helm: need("HELM_VERSION"), prometheusOperator: need("PROMETHEUS_OPERATOR_VERSION"), oauth2Proxy: need("OAUTH2_PROXY_VERSION") };
}

function executable(file: string): string | null {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    return null;
  }
}

/** `$HELM` when set, else the helm the build script made; null when there is none. */
export function findHelm(env: NodeJS.ProcessEnv = process.env): string | null {
  return executable(env.HELM || path.join(cacheRoot(env), "bin", `helm-${readToolVersions().helm}`));
}

/** The oauth2-proxy the build script made, or null. */
export function findOauth2Proxy(env: NodeJS.ProcessEnv = process.env): string | null {
  return executable(path.join(cacheRoot(env), "bin", `oauth2-proxy-${readToolVersions().oauth2Proxy}`));
}

/** The ServiceMonitor and PrometheusRule CRD files, or null when they were not fetched. */
export function prometheusOperatorCrds(env: NodeJS.ProcessEnv = process.env): string[] | null {
  const dir = path.join(cacheRoot(env), "crds", `prometheus-operator-${readToolVersions().prometheusOperator}`);
  const files = ["servicemonitors", "prometheusrules"].map((k) => path.join(dir, `monitoring.coreos.com_${k}.yaml`));
  return files.every((f) => fs.existsSync(f)) ? files : null;
}
