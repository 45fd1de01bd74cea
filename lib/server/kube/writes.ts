import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { ACK_GROUP, ACK_VERSION, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { redact } from "../redact";
import { KubeHttpError, kubeRequest, type KubeResponse } from "./http";

/**
 * The dashboard's writes to a cluster (remediation only): a fresh GET of one Function, JSON
 * patch, DELETE with preconditions, and the access reviews that decide who may do them.
 * Writes can carry impersonation (Impersonate-User / Impersonate-Group,
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation)
 * so the cluster's RBAC and audit log see the operator, not the dashboard.
 * Never throws for an HTTP status: every answer becomes a WriteResult.
 */
export interface ActAs {
  user: string;
  groups: string[];
}

export interface FunctionKey {
  namespace: string;
  name: string;
}

export type WriteFailure =
  /** 409 (resourceVersion / precondition), 422 (a JSON patch `test` failed): nothing changed. */
  | "conflict"
  | "not-found"
  | "forbidden"
  /** 400/415 and other answers that mean our request was wrong. */
  | "invalid"
  /** 401, 5xx, network: the cluster did not do it. */
  | "upstream";

export type WriteResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; failure: WriteFailure; status: number | null; message: string };

export type JsonPatchOp =
  | { op: "test" | "add" | "replace"; path: string; value: unknown }
  | { op: "remove"; path: string };

export interface DeletePreconditions {
  uid: string;
  resourceVersion: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  as?: ActAs | null;
  timeoutMs?: number;
}

const functionPath = (k: FunctionKey) =>
  `/apis/${ACK_GROUP}/${ACK_VERSION}/namespaces/${encodeURIComponent(k.namespace)}/${FUNCTION_PLURAL}/${encodeURIComponent(k.name)}`;

/**
 * Impersonation headers. Node sends one header line per array element, which is what
 * kube-apiserver reads for several Impersonate-Group values (a comma-joined single line would
 * be one group with a comma in its name). kubeRequest's type says string; the array is passed
 * through to node:http unchanged.
 */
export function impersonationHeaders(as: ActAs | null | undefined): Record<string, string> {
  if (!as) return {};
  const headers: Record<string, string | string[]> = { "Impersonate-User": as.user };
  const groups = as.groups.filter((g) => g !== "system:authenticated");
  if (groups.length) headers["Impersonate-Group"] = groups;
  return headers as Record<string, string>;
}

function failureOf(status: number): WriteFailure {
  if (status === 409 || status === 422) return "conflict";
  if (status === 404 || status === 410) return "not-found";
  if (status === 403) return "forbidden";
  if (status === 400 || status === 415) return "invalid";
  return "upstream";
}

/** The Status message of a failed answer, without credentials. */
function messageOf(res: KubeResponse): string {
  const b = res.body as { message?: unknown } | null;
  const text = b && typeof b === "object" && typeof b.message === "string" ? b.message : typeof res.body === "string" ? res.body : "";
  if (res.status === 401) return "the cluster rejected the dashboard's credentials (HTTP 401)";
  return redact(`HTTP ${res.status}${text ? `: ${text.slice(0, 600)}` : ""}`);
}

async function send(kc: KubeConfig, req: Parameters<typeof kubeRequest>[1]): Promise<WriteResult> {
  let res: KubeResponse;
  // node:http sends a DELETE body neither chunked nor with a length unless told: say the length.
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers = body === undefined ? req.headers : { ...req.headers, "Content-Length": String(Buffer.byteLength(body)) };
  try {
    res = await kubeRequest(kc, { timeoutMs: 15_000, ...req, body, headers });
  } catch (err) {
    const message = err instanceof KubeHttpError ? err.message : "the cluster could not be reached";
    return { ok: false, failure: "upstream", status: null, message: redact(message) };
  }
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, body: res.body };
  return { ok: false, failure: failureOf(res.status), status: res.status, message: messageOf(res) };
}

/** A fresh read from the API server (never the informer cache): what the checks run against. */
export function getFunctionObject(kc: KubeConfig, key: FunctionKey, opts: { as?: ActAs | null; timeoutMs?: number } = {}): Promise<WriteResult> {
  return send(kc, { path: functionPath(key), headers: impersonationHeaders(opts.as), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
}

export function patchFunction(kc: KubeConfig, key: FunctionKey, ops: JsonPatchOp[], opts: WriteOptions = {}): Promise<WriteResult> {
  return send(kc, {
    method: "PATCH",
    path: functionPath(key),
    query: { dryRun: opts.dryRun ? "All" : undefined, fieldManager: "ack-lambda-fleet" },
    body: ops,
    contentType: "application/json-patch+json",
    headers: impersonationHeaders(opts.as),
    timeoutMs: opts.timeoutMs,
  });
}

/** DELETE with uid + resourceVersion preconditions: 409 if the object is not the one the operator saw. */
export function deleteFunction(kc: KubeConfig, key: FunctionKey, pre: DeletePreconditions, opts: WriteOptions = {}): Promise<WriteResult> {
  return send(kc, {
    method: "DELETE",
    path: functionPath(key),
    query: { dryRun: opts.dryRun ? "All" : undefined },
    body: {
      apiVersion: "v1",
      kind: "DeleteOptions",
      preconditions: { uid: pre.uid, resourceVersion: pre.resourceVersion },
      ...(opts.dryRun ? { dryRun: ["All"] } : {}),
    },
    headers: impersonationHeaders(opts.as),
    timeoutMs: opts.timeoutMs,
  });
}

export interface AccessAttributes {
  verb: string;
  namespace: string;
  name?: string;
}

export type AccessDecision =
  | { ok: true; allowed: boolean; reason: string }
  | { ok: false; message: string };

function reviewBody(kind: string, attrs: AccessAttributes, subject?: ActAs) {
  return {
    apiVersion: "authorization.k8s.io/v1",
    kind,
    spec: {
      ...(subject ? { user: subject.user, groups: subject.groups } : {}),
      resourceAttributes: {
        group: ACK_GROUP,
        version: ACK_VERSION,
        resource: FUNCTION_PLURAL,
        verb: attrs.verb,
        namespace: attrs.namespace,
        ...(attrs.name ? { name: attrs.name } : {}),
      },
    },
  };
}

function decisionOf(r: WriteResult): AccessDecision {
  if (!r.ok) return { ok: false, message: `the access review failed: ${r.message}` };
  const status = (r.body as { status?: { allowed?: unknown; reason?: unknown; evaluationError?: unknown } } | null)?.status;
  const reason = [status?.reason, status?.evaluationError].filter((t): t is string => typeof t === "string" && t !== "").join("; ");
  return { ok: true, allowed: status?.allowed === true, reason: redact(reason).slice(0, 500) };
}

/** SubjectAccessReview: may this user with these groups do verb on the Function? (needs create on subjectaccessreviews) */
export async function subjectAccessReview(kc: KubeConfig, subject: ActAs, attrs: AccessAttributes): Promise<AccessDecision> {
  const r = await send(kc, {
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    body: reviewBody("SubjectAccessReview", attrs, subject),
  });
  return decisionOf(r);
}

/** SelfSubjectAccessReview: may the kubeconfig's own user do it? (every authenticated user may ask) */
export async function selfSubjectAccessReview(kc: KubeConfig, attrs: AccessAttributes): Promise<AccessDecision> {
  const r = await send(kc, {
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    body: reviewBody("SelfSubjectAccessReview", attrs),
  });
  return decisionOf(r);
}

/** SelfSubjectAccessReview of any resource: may the dashboard's own identity do it? (its permission self-check) */
export async function selfAccessReviewOf(kc: KubeConfig, p: { verb: string; group: string; resource: string; namespace: string | null }): Promise<AccessDecision> {
  const r = await send(kc, {
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { verb: p.verb, group: p.group, resource: p.resource, ...(p.namespace ? { namespace: p.namespace } : {}) } },
    },
    timeoutMs: 10_000,
  });
  return decisionOf(r);
}

/** SelfSubjectReview (authentication.k8s.io/v1, GA in 1.28): who the cluster says the kubeconfig user is. */
export async function selfSubjectReview(kc: KubeConfig): Promise<ActAs | null> {
  const r = await send(kc, {
    method: "POST",
    path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
    body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
  });
  if (!r.ok) return null;
  const info = (r.body as { status?: { userInfo?: { username?: unknown; groups?: unknown } } } | null)?.status?.userInfo;
  if (typeof info?.username !== "string" || !info.username) return null;
  const groups = Array.isArray(info.groups) ? info.groups.filter((g): g is string => typeof g === "string") : [];
  return { user: info.username, groups };
}
