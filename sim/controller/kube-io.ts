/**
 * The controller's reads and writes against a Kubernetes API server, through
 * @kubernetes/client-node 1.x. Works against the simulated server and a real one alike:
 * finalizers are written on the main resource with the resourceVersion the model read
 * (a conflict means someone else changed the object first), status through the `status`
 * subresource with a merge patch (as the runtime's kc.Status().Patch does).
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
} from "@kubernetes/client-node";
import { ACK_GROUP, ACK_VERSION, FUNCTION_KIND, FUNCTION_PLURAL } from "@/lib/domain/ack";
import type { FunctionObject, FunctionStatus, NamespaceAnnotations } from "./types";

export const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export function httpStatusOf(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown; statusCode?: unknown })?.code ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof code === "number" ? code : undefined;
}

/** A short, credential-free description of a Kubernetes client error for logs. */
export function describeKubeError(err: unknown): string {
  const status = httpStatusOf(err);
  if (err instanceof ApiException) {
    const body = typeof err.body === "string" ? err.body : JSON.stringify(err.body ?? "");
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // not JSON: keep the raw text
    }
    return `HTTP ${status}: ${message.slice(0, 300)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export interface EventInput {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export class KubeIO {
  readonly custom: CustomObjectsApi;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;

  constructor(readonly kubeConfig: KubeConfig) {
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
  }

  private fnRef(namespace: string, name: string) {
    return { group: ACK_GROUP, version: ACK_VERSION, plural: FUNCTION_PLURAL, namespace, name };
  }

  /** A fresh read, not from a cache (the runtime reads through its APIReader, community#894). */
  async getFunction(namespace: string, name: string): Promise<FunctionObject | null> {
    try {
      return (await this.custom.getNamespacedCustomObject(this.fnRef(namespace, name))) as FunctionObject;
    } catch (err) {
      if (httpStatusOf(err) === 404) return null;
      throw err;
    }
  }

  async listFunctions(): Promise<{ items: FunctionObject[]; metadata?: { resourceVersion?: string } }> {
    return this.custom.listClusterCustomObject({ group: ACK_GROUP, version: ACK_VERSION, plural: FUNCTION_PLURAL });
  }

  /** Replaces metadata.finalizers, guarded by the resourceVersion the caller read (409 if it moved). */
  async setFinalizers(fn: FunctionObject, finalizers: string[]): Promise<FunctionObject> {
    const body = { metadata: { finalizers, resourceVersion: fn.metadata.resourceVersion } };
    return (await this.custom.patchNamespacedCustomObject(
      { ...this.fnRef(fn.metadata.namespace, fn.metadata.name), body },
      MERGE_PATCH,
    )) as FunctionObject;
  }

  /** Merge-patches status; `null` values remove keys. Returns null if the object is gone. */
  async patchStatus(namespace: string, name: string, status: Record<string, unknown>): Promise<FunctionObject | null> {
    try {
      return (await this.custom.patchNamespacedCustomObjectStatus(
        { ...this.fnRef(namespace, name), body: { status } },
        MERGE_PATCH,
      )) as FunctionObject;
    } catch (err) {
      // The runtime ignores NotFound here: the object was deleted meanwhile (patchResourceStatus).
      if (httpStatusOf(err) === 404) return null;
      throw err;
    }
  }

  /** Annotations of the namespace; none if it cannot be read (the runtime's namespace cache is then empty too). */
  async namespaceAnnotations(namespace: string): Promise<NamespaceAnnotations> {
    try {
      const ns = await this.core.readNamespace({ name: namespace });
      return ns.metadata?.annotations ?? {};
    } catch (err) {
      const status = httpStatusOf(err);
      if (status === 404 || status === 403) return {};
      throw err;
    }
  }

  /** A core/v1 Event about a Function, named like client-go's recorder does (<name>.<hex time>). */
  async recordEvent(fn: FunctionObject, ev: EventInput, component: string, nowMs: number): Promise<void> {
    const ts = new Date(nowMs);
    const body: CoreV1Event = {
      metadata: { name: `${fn.metadata.name}.${(nowMs * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`, namespace: fn.metadata.namespace },
      involvedObject: {
        apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
        kind: FUNCTION_KIND,
        name: fn.metadata.name,
        namespace: fn.metadata.namespace,
        uid: fn.metadata.uid,
        resourceVersion: fn.metadata.resourceVersion,
      },
      type: ev.type,
      reason: ev.reason,
      message: ev.message,
      source: { component },
      reportingComponent: component,
      reportingInstance: component,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
    };
    await this.core.createNamespacedEvent({ namespace: fn.metadata.namespace, body });
  }
}

/** The merge-patch body that turns `before` into `after` for the keys of `after` plus removed mirrored keys. */
export function statusPatch(before: FunctionStatus | undefined, after: FunctionStatus, owned: readonly string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) if (v !== undefined) patch[k] = v;
  for (const k of owned) if (after[k] === undefined && before?.[k] !== undefined) patch[k] = null;
  return patch;
}
