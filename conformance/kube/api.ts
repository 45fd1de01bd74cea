/**
 * What the kube conformance cases share: requests as one of the identities through the
 * dashboard's own HTTP adapter (lib/server/kube/http.ts), Function manifests, and small
 * assertions that print the server's answer when a status is not the expected one.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { expect } from "vitest";
import { ACK_GROUP, ACK_VERSION, FUNCTION_KIND, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { kubeRequest, type KubeRequest, type KubeResponse } from "@/lib/server/kube/http";
import type { Identity, KubeTarget } from "../targets";

export type GetTarget = () => KubeTarget;

export interface FunctionObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
  };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface StatusBody {
  kind?: string;
  status?: string;
  reason?: string;
  message?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

export const functionsPath = (ns: string) => `/apis/${ACK_GROUP}/${ACK_VERSION}/namespaces/${ns}/${FUNCTION_PLURAL}`;
export const functionPath = (ns: string, name: string) => `${functionsPath(ns)}/${name}`;
export const ALL_FUNCTIONS = `/apis/${ACK_GROUP}/${ACK_VERSION}/${FUNCTION_PLURAL}`;

const configs = new WeakMap<KubeTarget, Map<Identity, KubeConfig>>();

function kcOf(t: KubeTarget, id: Identity): KubeConfig {
  let byId = configs.get(t);
  if (!byId) configs.set(t, (byId = new Map()));
  let kc = byId.get(id);
  if (!kc) byId.set(id, (kc = t.kc(id)));
  return kc;
}

/** One request as `id`; bodies are sent as JSON with a Content-Length (DELETE bodies need it). */
export function send(t: KubeTarget, id: Identity, req: KubeRequest): Promise<KubeResponse> {
  if (req.body === undefined) return kubeRequest(kcOf(t, id), req);
  const text = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
  return kubeRequest(kcOf(t, id), { ...req, body: text, headers: { ...req.headers, "Content-Length": String(Buffer.byteLength(text)) } });
}

export function expectStatus(res: KubeResponse, code: number): void {
  expect(res.status, `HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 800)}`).toBe(code);
}

export interface FunctionOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  spec?: Record<string, unknown>;
}

export function functionManifest(ns: string, name: string, o: FunctionOptions = {}): Record<string, unknown> {
  return {
    apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
    kind: FUNCTION_KIND,
    metadata: { name, namespace: ns, labels: o.labels, annotations: o.annotations, finalizers: o.finalizers },
    spec: o.spec ?? {
      name: `aws-${name}`,
      role: "arn:aws:iam::123456789012:role/ack-lambda-fleet-realstack",
      code: { s3Bucket: "artifacts", s3Key: `${name}.zip` },
      runtime: "python3.12",
      handler: "index.handler",
      memorySize: 128,
    },
  };
}

export async function createNamespace(t: KubeTarget, ns: string): Promise<void> {
  const res = await send(t, "admin", { method: "POST", path: "/api/v1/namespaces", body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
  expectStatus(res, 201);
}

export async function createFunction(t: KubeTarget, ns: string, name: string, o: FunctionOptions = {}): Promise<FunctionObject> {
  const res = await send(t, "admin", { method: "POST", path: functionsPath(ns), body: functionManifest(ns, name, o) });
  expectStatus(res, 201);
  return res.body as FunctionObject;
}

/** The Function as the admin reads it now, or null when it does not exist. */
export async function getFunction(t: KubeTarget, ns: string, name: string): Promise<FunctionObject | null> {
  const res = await send(t, "admin", { path: functionPath(ns, name) });
  if (res.status === 404) return null;
  expectStatus(res, 200);
  return res.body as FunctionObject;
}

export function jsonPatch(t: KubeTarget, id: Identity, ns: string, name: string, ops: unknown[], query: KubeRequest["query"] = {}, headers: Record<string, string> = {}) {
  return send(t, id, { method: "PATCH", path: functionPath(ns, name), body: ops, contentType: "application/json-patch+json", query, headers });
}

export function mergePatch(t: KubeTarget, id: Identity, ns: string, name: string, patch: unknown, query: KubeRequest["query"] = {}) {
  return send(t, id, { method: "PATCH", path: functionPath(ns, name), body: patch, contentType: "application/merge-patch+json", query });
}

/** The fields of the causes of a 422, sorted. */
export function causeFields(res: KubeResponse): string[] {
  return ((res.body as StatusBody).details?.causes ?? []).map((c) => c.field ?? "").sort();
}

/** Polls until `fn` returns a truthy value (bounded). */
export async function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
