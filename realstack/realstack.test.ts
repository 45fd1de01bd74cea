/**
 * Smoke test of the real stack: a real kube-apiserver (RBAC, static tokens, the real ACK CRDs)
 * and moto's Lambda API. Runs when the binaries of scripts/realstack-build.sh exist or
 * REALSTACK=1; without them it fails under CI (CI must run it) and is skipped elsewhere.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiException,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { GetFunctionCommand, ListTagsCommand } from "@aws-sdk/client-lambda";
import { ACK_GROUP, ACK_TAG, ACK_VERSION, FUNCTION_KIND, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { findBinaries } from "./bins";
import { startRealStack, type Identity, type RealStack } from "./start";

const bins = findBinaries();
const wanted = process.env.REALSTACK === "1" || bins.missing.length === 0;
const missingReason = `real-stack binaries missing (${bins.missing.join(", ")}); run scripts/realstack-build.sh`;

if (!wanted) {
  if (process.env.CI) {
    it("has the real-stack binaries (required in CI)", () => {
      throw new Error(missingReason);
    });
  } else {
    console.warn(`[realstack] skipped: ${missingReason}`);
  }
}

const NAMESPACE = "team-a";
const FN = "orders-api";

describe.skipIf(!wanted)("real stack (kube-apiserver + etcd + moto)", () => {
  let stack: RealStack;
  const client = (id: Identity) => {
    const kc = new KubeConfig();
    kc.loadFromFile(stack.kubeconfigs[id]);
    return kc;
  };
  /** The HTTP status of a rejected call, or 200 when it succeeded. */
  const statusOf = async (call: Promise<unknown>): Promise<number> => {
    try {
      await call;
      return 200;
    } catch (err) {
      if (err instanceof ApiException) return err.code;
      throw err;
    }
  };
  const annotate = (id: Identity, value: string) =>
    client(id)
      .makeApiClient(CustomObjectsApi)
      .patchNamespacedCustomObject(
        {
          group: ACK_GROUP, version: ACK_VERSION, namespace: NAMESPACE, plural: FUNCTION_PLURAL, name: FN,
          body: { metadata: { annotations: { "realstack.test/touched-by": value } } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );

  beforeAll(async () => {
    stack = await startRealStack();
    const admin = client("admin");
    await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NAMESPACE } } });
    await admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: ACK_GROUP, version: ACK_VERSION, namespace: NAMESPACE, plural: FUNCTION_PLURAL,
      body: {
        apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
        kind: FUNCTION_KIND,
        metadata: { name: FN },
        spec: { name: FN, role: stack.aws.roleArn, code: { s3Bucket: "artifacts", s3Key: "orders.zip" }, runtime: "python3.12", handler: "index.handler" },
      },
    });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("serves the real version and the Function CRD to a read-only viewer", async () => {
    const list = (await client("viewer").makeApiClient(CustomObjectsApi).listClusterCustomObject({
      group: ACK_GROUP, version: ACK_VERSION, plural: FUNCTION_PLURAL,
    })) as { items: Array<{ metadata: { namespace: string; name: string } }> };
    expect(list.items.map((f) => `${f.metadata.namespace}/${f.metadata.name}`)).toEqual([`${NAMESPACE}/${FN}`]);
    const version = execFileSync(stack.kubectl, ["--kubeconfig", stack.kubeconfigs.viewer, "version", "-o", "json"], { encoding: "utf8" });
    expect(JSON.parse(version).serverVersion.gitVersion).toBe(stack.k8sVersion);
  });

  it("rejects the CRD's schema violations (spec.name and spec.code are required)", async () => {
    const status = await statusOf(
      client("admin").makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
        group: ACK_GROUP, version: ACK_VERSION, namespace: NAMESPACE, plural: FUNCTION_PLURAL,
        body: { apiVersion: `${ACK_GROUP}/${ACK_VERSION}`, kind: FUNCTION_KIND, metadata: { name: "bad" }, spec: {} },
      }),
    );
    expect(status).toBe(422);
  });

  it("lets RBAC refuse the viewer's patch (403) and allow the operator's", async () => {
    expect(await statusOf(annotate("viewer", "viewer"))).toBe(403);
    expect(await statusOf(client("viewer").makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({
      group: ACK_GROUP, version: ACK_VERSION, namespace: NAMESPACE, plural: FUNCTION_PLURAL, name: FN,
    }))).toBe(403);
    const patched = (await annotate("operator", "operator")) as { metadata: { annotations: Record<string, string> } };
    expect(patched.metadata.annotations["realstack.test/touched-by"]).toBe("operator");
  });

  it("answers the operator's SubjectAccessReviews and lets the dashboard impersonate", async () => {
    const review = (user: Identity) =>
      client("operator").makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
        body: {
          spec: {
            user: stack.users[user],
            groups: user === "viewer" ? ["ack-fleet:viewers"] : ["ack-fleet:operators"],
            resourceAttributes: { group: ACK_GROUP, resource: FUNCTION_PLURAL, verb: "patch", namespace: NAMESPACE, name: FN },
          },
        },
      });
    expect((await review("viewer")).status?.allowed).toBe(false);
    expect((await review("operator")).status?.allowed).toBe(true);

    // `kubectl auth can-i` prints yes/no (exit 0/1); --as makes the dashboard impersonate.
    const canI = (...as: string[]) =>
      spawnSync(stack.kubectl, ["--kubeconfig", stack.kubeconfigs.dashboard, "auth", "can-i", "patch", `${FUNCTION_PLURAL}.${ACK_GROUP}`, "-n", NAMESPACE, ...as], { encoding: "utf8" }).stdout.trim();
    expect(canI("--as", stack.users.operator, "--as-group", "ack-fleet:operators")).toBe("yes");
    expect(canI("--as", stack.users.viewer, "--as-group", "ack-fleet:viewers")).toBe("no");
    expect(canI()).toBe("no"); // the dashboard itself may not patch
  });

  it("creates an ACK-tagged function in moto and reads it back with its tags", async () => {
    const { arn } = await stack.createAckFunction({ name: FN, namespace: NAMESPACE });
    expect(arn).toBe(`arn:aws:lambda:${stack.aws.region}:${stack.aws.accountId}:function:${FN}`);
    const lambda = stack.lambda();
    try {
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: FN }));
      expect(fn.Configuration?.Role).toBe(stack.aws.roleArn);
      const { Tags } = await lambda.send(new ListTagsCommand({ Resource: arn }));
      expect(Tags).toEqual({ [ACK_TAG.controllerVersion]: "lambda-1.14.1", [ACK_TAG.namespace]: NAMESPACE });
      await expect(lambda.send(new GetFunctionCommand({ FunctionName: "not-there" }))).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
    } finally {
      lambda.destroy();
    }
  });
});
