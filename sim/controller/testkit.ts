/**
 * A rig for the controller model's integration tests: a KubeApiSim and a LambdaApiSim on
 * ephemeral loopback ports, the model running against them over HTTP with short timings, and
 * an admin client to act like a user (create, delete, patch) and observe the results.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { ACK_GROUP, ACK_VERSION, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { writeKubeconfig } from "../kube/kubeconfig";
import { KubeApiSim } from "../kube/server";
import { LambdaApiSim } from "../lambda/server";
import { fleetPolicy, IDENTITIES, makeTokens, tokenTable } from "../scenarios/identities";
import { AckControllerModel, type AckControllerModelOptions } from "./model";
import type { FunctionObject } from "./types";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
const CREDENTIALS = { [ACCOUNT]: { accessKeyId: "AKIASIMCONTROLLERT01", secretAccessKey: "sim-secret-not-checked" } };

export const FN = { group: ACK_GROUP, version: ACK_VERSION, plural: FUNCTION_PLURAL } as const;
export const JSON_PATCH = setHeaderOptions("Content-Type", PatchStrategy.JsonPatch);
export const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export function kubeConfigFor(kube: KubeApiSim, token: string): KubeConfig {
  const path = join(mkdtempSync(join(tmpdir(), "ctrl-rig-")), "kubeconfig");
  writeKubeconfig(path, [{ name: kube.name, url: kube.url, token }]);
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export interface Rig {
  kube: KubeApiSim;
  lambda: LambdaApiSim;
  model: AckControllerModel;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  apps: AppsV1Api;
  getFn(namespace: string, name: string): Promise<FunctionObject | null>;
  stop(): Promise<void>;
}

export async function startRig(opts: { version: string; pendingMs?: number; deletingMs?: number; model?: Partial<AckControllerModelOptions> }): Promise<Rig> {
  const tokens = makeTokens();
  const kube = new KubeApiSim({ name: "rig", tokens: tokenTable(tokens), policy: fleetPolicy(), bookmarkIntervalMs: 500 });
  await kube.start();
  const lambda = new LambdaApiSim({
    accounts: { [CREDENTIALS[ACCOUNT].accessKeyId]: ACCOUNT },
    defaultPendingMs: opts.pendingMs ?? 300,
    defaultDeletingMs: opts.deletingMs ?? 0,
  });
  await lambda.start();
  const model = new AckControllerModel({
    kubeConfig: kubeConfigFor(kube, tokens.controller),
    lambda: { endpoint: lambda.url, credentials: CREDENTIALS },
    version: opts.version,
    defaultRegion: REGION,
    defaultAccountId: ACCOUNT,
    resyncMs: 60_000,
    requeueMs: 150,
    deletingRequeueMs: 100,
    errorBackoffMs: 100,
    maxErrorBackoffMs: 400,
    ...opts.model,
  });
  await model.start();
  const admin = kubeConfigFor(kube, tokens.admin);
  const custom = admin.makeApiClient(CustomObjectsApi);
  const rig: Rig = {
    kube,
    lambda,
    model,
    custom,
    core: admin.makeApiClient(CoreV1Api),
    apps: admin.makeApiClient(AppsV1Api),
    async getFn(namespace, name) {
      try {
        return (await custom.getNamespacedCustomObject({ ...FN, namespace, name })) as FunctionObject;
      } catch (err) {
        if ((err as { code?: number }).code === 404) return null;
        throw err;
      }
    },
    async stop() {
      await model.stop();
      await kube.stop();
      await lambda.stop();
    },
  };
  return rig;
}

export function functionManifest(namespace: string, name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>) {
  return {
    apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
    kind: "Function",
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    spec: {
      name: `${namespace}-${name}`,
      role: `arn:aws:iam::${ACCOUNT}:role/lambda-exec`,
      runtime: "python3.12",
      handler: "app.handler",
      memorySize: 128,
      code: { s3Bucket: "artifacts", s3Key: `${name}.zip` },
      ...spec,
    },
  };
}

/** Polls until `check` returns a truthy value (returned) or the time is up (throws with the last value). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function condition(fn: FunctionObject | null, type: string) {
  return fn?.status?.conditions?.find((c) => c.type === type);
}

export { IDENTITIES };
