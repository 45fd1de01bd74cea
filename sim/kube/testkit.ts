/**
 * Shared fixtures for the simulator's own tests: a cluster with a few identities and a policy,
 * Function manifests, and a KubeConfig for @kubernetes/client-node.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ACK_FUNCTION_FINALIZER, ACK_GROUP, ACK_VERSION } from "../../lib/domain/ack";
import { writeKubeconfig } from "./kubeconfig";
import { type RbacPolicy, defaultPolicy } from "./rbac";
import { KubeApiSim, type KubeSimOptions } from "./server";

export const TOKENS = {
  admin: "admin-token",
  /** Reads everything, may patch functions in team-a only. */
  alice: "alice-token",
  /** The dashboard's service identity: reads, creates access reviews, impersonates operators. */
  dashboard: "dashboard-token",
  /** Authenticated, no rights. */
  bob: "bob-token",
} as const;

export function testPolicy(): RbacPolicy {
  const base = defaultPolicy();
  return {
    bindings: [
      ...base.bindings,
      {
        subjects: [{ kind: "User", name: "alice" }],
        rules: [
          { verbs: ["get", "list", "watch"], resources: ["*"] },
          { verbs: ["patch", "update", "delete"], apiGroups: [ACK_GROUP], resources: ["functions"], namespaces: ["team-a"] },
        ],
      },
      {
        subjects: [{ kind: "User", name: "dashboard" }],
        rules: [
          { verbs: ["get", "list", "watch"], resources: ["*"] },
          { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"] },
          { verbs: ["impersonate"], apiGroups: [""], resources: ["users", "groups"] },
        ],
      },
    ],
  };
}

export function testSimOptions(extra: Partial<KubeSimOptions> = {}): KubeSimOptions {
  return {
    name: "test",
    tokens: {
      [TOKENS.admin]: { user: "admin", groups: ["system:masters"] },
      [TOKENS.alice]: { user: "alice", groups: ["operators"] },
      [TOKENS.dashboard]: { user: "dashboard", groups: [] },
      [TOKENS.bob]: { user: "bob", groups: [] },
    },
    policy: testPolicy(),
    bookmarkIntervalMs: 200,
    ...extra,
  };
}

export const FN = { group: ACK_GROUP, version: ACK_VERSION, plural: "functions" } as const;
export const FN_RESOURCE = `functions.${ACK_GROUP}`;

export function functionManifest(name: string, namespace: string, extra: { labels?: Record<string, string>; finalizers?: string[] } = {}) {
  return {
    apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
    kind: "Function",
    metadata: { name, namespace, labels: extra.labels, finalizers: extra.finalizers },
    spec: { name: `aws-${name}`, code: { s3Bucket: "bucket", s3Key: `${name}.zip` }, role: "arn:aws:iam::111122223333:role/lambda", runtime: "python3.12", handler: "index.handler", memorySize: 128 },
  };
}

export { ACK_FUNCTION_FINALIZER };

export function kubeConfigFor(sim: KubeApiSim, token: string): KubeConfig {
  const dir = mkdtempSync(join(tmpdir(), "kube-sim-"));
  const path = join(dir, "kubeconfig");
  writeKubeconfig(path, [{ name: sim.name, url: sim.url, token, caPem: sim.caPem }]);
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/** Raw HTTP helper for status-code level assertions. */
export async function call(sim: KubeApiSim, method: string, path: string, opts: { token?: string; body?: string; contentType?: string; accept?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.contentType) headers["Content-Type"] = opts.contentType;
  if (opts.accept) headers.Accept = opts.accept;
  const res = await fetch(`${sim.url}${path}`, { method, headers, body: opts.body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Parses the body of a client-node ApiException (a JSON string in 1.x). */
export function statusOf(e: unknown): { code: number; body: Record<string, unknown> } {
  const err = e as { code?: number; body?: unknown };
  const body = typeof err.body === "string" ? (JSON.parse(err.body) as Record<string, unknown>) : ((err.body ?? {}) as Record<string, unknown>);
  return { code: err.code ?? 0, body };
}
