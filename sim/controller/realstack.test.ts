/**
 * The controller model against real servers: kube-apiserver + etcd with the real ACK CRDs,
 * and moto's Lambda API (realstack/). Proves the model's client code (informers, merge patches
 * with resourceVersion, the status subresource, Events, its Deployment) works on a real API
 * server, not only on the simulator. Skipped when the real-stack binaries are missing.
 */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, ACK_TAG, CONDITION, CONTROLLER_NAMESPACE, CONTROLLER_VERSION_LABEL, SYNCED_MESSAGES } from "@/lib/domain/ack";
import { findBinaries } from "../../realstack/bins";
import { startRealStack, type RealStack } from "../../realstack/start";
import { zipFiles } from "../../realstack/zip";
import { GetFunctionCommand } from "@aws-sdk/client-lambda";
import { CONTROLLER_DEPLOYMENT_NAME } from "./deployment";
import { AckControllerModel } from "./model";
import { condition, eventually, FN } from "./testkit";
import type { FunctionObject } from "./types";

const bins = findBinaries();
const wanted = process.env.REALSTACK === "1" || bins.missing.length === 0;
if (!wanted) console.warn(`[controller realstack] skipped: real-stack binaries missing (${bins.missing.join(", ")})`);

const NS = "ctrl-model";
const MERGE = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

describe.skipIf(!wanted)("controller model v1.14.1 against kube-apiserver + moto", () => {
  let stack: RealStack;
  let model: AckControllerModel;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;

  const get = async (name: string): Promise<FunctionObject | null> => {
    try {
      return (await custom.getNamespacedCustomObject({ ...FN, namespace: NS, name })) as FunctionObject;
    } catch (e) {
      if ((e as { code?: number }).code === 404) return null;
      throw e;
    }
  };

  beforeAll(async () => {
    stack = await startRealStack();
    const kc = new KubeConfig();
    kc.loadFromFile(stack.kubeconfigs.admin);
    custom = kc.makeApiClient(CustomObjectsApi);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    model = new AckControllerModel({
      kubeConfig: kc,
      lambda: { endpoint: stack.motoUrl, credentials: { [stack.aws.accountId]: stack.aws.credentials } },
      version: "1.14.1",
      defaultRegion: stack.aws.region,
      defaultAccountId: stack.aws.accountId,
      resyncMs: 60_000,
      requeueMs: 300,
      deletingRequeueMs: 200,
      errorBackoffMs: 200,
      maxErrorBackoffMs: 1_000,
    });
    await model.start();
  }, 120_000);

  afterAll(async () => {
    await model?.stop();
    await stack?.stop();
  });

  it("creates its Deployment in ack-system with the real image and version label", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(stack.kubeconfigs.admin);
    const d = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: CONTROLLER_DEPLOYMENT_NAME, namespace: CONTROLLER_NAMESPACE });
    expect(d.metadata?.labels?.[CONTROLLER_VERSION_LABEL]).toBe("1.14.1");
    expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe("public.ecr.aws/aws-controllers-k8s/lambda-controller:1.14.1");
    expect(model.running).toBe(true);
  });

  it("adds the finalizer, creates the function in moto with the ACK tags, writes Synced status", async () => {
    const body = {
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name: "orders-api", namespace: NS },
      spec: {
        name: "ctrl-model-orders-api",
        role: stack.aws.roleArn,
        runtime: "python3.12",
        handler: "index.handler",
        code: { zipFile: zipFiles({ "index.py": "def handler(e, c):\n    return 'ok'\n" }).toString("base64") },
      },
    };
    await custom.createNamespacedCustomObject({ ...FN, namespace: NS, body });
    const fn = await eventually(async () => {
      const f = await get("orders-api");
      return condition(f, CONDITION.synced)?.status === "True" ? f : null;
    }, "Synced on the real apiserver", 30_000);
    expect(fn.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(fn.status?.state).toBe("Active");
    expect(condition(fn, CONDITION.synced)?.message).toBe(SYNCED_MESSAGES.synced);
    expect(fn.status?.ackResourceMetadata?.arn).toMatch(/:function:ctrl-model-orders-api$/);
    const client = stack.lambda();
    try {
      const out = await client.send(new GetFunctionCommand({ FunctionName: "ctrl-model-orders-api" }));
      expect(out.Tags?.[ACK_TAG.controllerVersion]).toBe("lambda-1.14.1");
      expect(out.Tags?.[ACK_TAG.namespace]).toBe(NS);
    } finally {
      client.destroy();
    }
  }, 40_000);

  it("reconciles a spec change (generation) and deletes in AWS before dropping the finalizer", async () => {
    await custom.patchNamespacedCustomObject({ ...FN, namespace: NS, name: "orders-api", body: { spec: { memorySize: 256 } } }, MERGE);
    const client = stack.lambda();
    try {
      await eventually(async () => (await client.send(new GetFunctionCommand({ FunctionName: "ctrl-model-orders-api" }))).Configuration?.MemorySize === 256, "update in moto", 20_000);
      await custom.deleteNamespacedCustomObject({ ...FN, namespace: NS, name: "orders-api" });
      await eventually(async () => (await get("orders-api")) === null, "object gone", 30_000);
      const gone = await client.send(new GetFunctionCommand({ FunctionName: "ctrl-model-orders-api" })).then(
        () => false,
        (e: { name?: string }) => e.name === "ResourceNotFoundException",
      );
      expect(gone).toBe(true);
    } finally {
      client.destroy();
    }
  }, 60_000);
});
