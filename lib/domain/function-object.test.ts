/**
 * toFunctionFacts(): real objects, malformed ones and hostile ones. It must never throw.
 */
import { describe, expect, it } from "vitest";
import { CLUSTER, SHA, factsOf, fixtureNames, loadFixture } from "./__fixtures__";
import { toFunctionFacts } from "./function-object";

describe("a real Function object", () => {
  it("becomes the full set of facts", () => {
    expect(factsOf("function-healthy")).toEqual({
      id: "prod-eu/payments/orders-api",
      cluster: "prod-eu",
      namespace: "payments",
      name: "orders-api",
      uid: "7c1d2e3f-0a1b-4c5d-8e9f-1a2b3c4d5e6f",
      resourceVersion: "48213",
      generation: 1,
      creationTimestamp: "2025-05-20T08:00:00.000Z",
      awsName: "orders-api",
      region: "eu-west-1",
      regionSource: "status",
      accountId: "123456789012",
      arn: "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
      hasStatus: true,
      statusState: "Active",
      stateReason: null,
      stateReasonCode: null,
      lastUpdateStatus: "Successful",
      lastUpdateStatusReason: null,
      lastUpdateStatusReasonCode: null,
      codeSHA256: SHA,
      lastModified: "2025-05-20T08:00:04.512Z",
      conditions: [
        { type: "ACK.ResourceSynced", status: "True", lastTransitionTime: "2025-06-02T02:00:00.000Z", reason: null, message: "Resource synced successfully" },
      ],
      deletionTimestamp: null,
      finalizers: ["finalizers.lambda.services.k8s.aws/Function"],
      // last-applied-configuration duplicates the spec and is dropped.
      annotations: {},
      deletionPolicy: null,
      deletionPolicySource: null,
      spec: {
        runtime: "python3.12",
        handler: "app.handler",
        memorySize: 256,
        timeout: 30,
        role: "arn:aws:iam::123456789012:role/payments-lambda",
        roleRef: false,
        architectures: ["arm64"],
        layers: null,
        environmentNames: null,
        subnetIds: null,
        subnetRefs: false,
        securityGroupIds: null,
        securityGroupRefs: false,
        ephemeralStorage: null,
        tracingMode: null,
        packageType: "Zip",
        code: { sha256: null, imageUri: null, s3: true },
        tags: null,
        unreadable: [],
      },
      problems: [],
    });
  });

  it("keeps the conditions of the Pending bug exactly as the controller wrote them", () => {
    expect(factsOf("function-stuck-pending-v1.7.3").conditions).toEqual([
      {
        type: "ACK.Recoverable",
        status: "True",
        lastTransitionTime: "2025-06-02T11:59:20.000Z",
        reason: null,
        message: "function in 'Pending' state, cannot be modified or deleted",
      },
      {
        type: "ACK.ResourceSynced",
        status: "Unknown",
        lastTransitionTime: "2025-06-02T11:59:20.000Z",
        message: "Unable to determine if desired resource state matches latest observed state",
        reason: "function in 'Pending' state, cannot be modified or deleted",
      },
    ]);
  });

  it("every fixture parses without throwing", () => {
    for (const name of fixtureNames()) {
      const result = toFunctionFacts(loadFixture(name), CLUSTER);
      expect(result.ok, name).toBe(true);
    }
  });

  it("reads deletionTimestamp and all finalizers", () => {
    const fn = factsOf("function-deletion-blocked");
    expect(fn.deletionTimestamp).toBe("2025-06-02T11:00:00.000Z");
    expect(fn.finalizers).toEqual(["finalizers.lambda.services.k8s.aws/Function", "audit.example.com/hold"]);
  });

  it("no status yet", () => {
    const fn = factsOf("function-no-status");
    expect(fn).toMatchObject({ hasStatus: false, statusState: null, conditions: [], region: null, accountId: null, arn: null, finalizers: [] });
  });
});

describe("region, account and deletion policy precedence (ACK runtime reconciler getRegion, getOwnerAccountID, getDeletionPolicy)", () => {
  const withAnnotations = (annotations: Record<string, string>, status?: Record<string, unknown>) => {
    const obj = loadFixture("function-no-status") as { metadata: Record<string, unknown>; status?: unknown };
    obj.metadata.annotations = annotations;
    if (status) obj.status = status;
    return obj;
  };
  const ns = {
    annotations: {
      "services.k8s.aws/default-region": "us-west-2",
      "services.k8s.aws/owner-account-id": "210987654321",
      "lambda.services.k8s.aws/deletion-policy": "retain",
    },
  };

  it("status metadata wins over both annotations", () => {
    const obj = withAnnotations({ "services.k8s.aws/region": "eu-central-1" }, { ackResourceMetadata: { region: "eu-west-1", ownerAccountID: "123456789012" } });
    const r = toFunctionFacts(obj, CLUSTER, ns);
    expect(r.ok && [r.facts.region, r.facts.regionSource, r.facts.accountId]).toEqual(["eu-west-1", "status", "123456789012"]);
  });

  it("then the resource annotation, then the namespace default", () => {
    const a = toFunctionFacts(withAnnotations({ "services.k8s.aws/region": "eu-central-1" }), CLUSTER, ns);
    expect(a.ok && [a.facts.region, a.facts.regionSource]).toEqual(["eu-central-1", "annotation"]);
    const b = toFunctionFacts(withAnnotations({}), CLUSTER, ns);
    expect(b.ok && [b.facts.region, b.facts.regionSource, b.facts.accountId]).toEqual(["us-west-2", "namespace", "210987654321"]);
    const c = toFunctionFacts(withAnnotations({}), CLUSTER);
    expect(c.ok && [c.facts.region, c.facts.regionSource, c.facts.accountId]).toEqual([null, null, null]);
  });

  it("last of all the region of last resort (AWS_REGION), when nothing else names one", () => {
    const last = { ...ns, defaultRegion: "ap-southeast-2" };
    const none = toFunctionFacts(withAnnotations({}), CLUSTER, { defaultRegion: "ap-southeast-2" });
    expect(none.ok && [none.facts.region, none.facts.regionSource]).toEqual(["ap-southeast-2", "default"]);
    const namespaced = toFunctionFacts(withAnnotations({}), CLUSTER, last);
    expect(namespaced.ok && [namespaced.facts.region, namespaced.facts.regionSource]).toEqual(["us-west-2", "namespace"]);
    const annotated = toFunctionFacts(withAnnotations({ "services.k8s.aws/region": "eu-central-1" }), CLUSTER, last);
    expect(annotated.ok && annotated.facts.regionSource).toBe("annotation");
  });

  it("deletion policy: the resource annotation over the namespace's", () => {
    const own = toFunctionFacts(withAnnotations({ "services.k8s.aws/deletion-policy": "delete" }), CLUSTER, ns);
    expect(own.ok && [own.facts.deletionPolicy, own.facts.deletionPolicySource]).toEqual(["delete", "resource"]);
    const inherited = toFunctionFacts(withAnnotations({}), CLUSTER, ns);
    expect(inherited.ok && [inherited.facts.deletionPolicy, inherited.facts.deletionPolicySource]).toEqual(["retain", "namespace"]);
  });

  // ACK runtime pkg/runtime/reconciler.go: getDeletionPolicy returns a present annotation
  // verbatim (the namespace's is then not consulted) and reconcile() deletes only for exactly
  // "delete"; apis/core/v1alpha1/deletion_policy.go spells the values in lower case.
  it.each([
    ["Delete", "retain"],
    ["DELETE", "retain"],
    [" delete", "retain"],
    ["sometimes", "retain"],
    ["Retain", "retain"],
  ])("deletion policy %j is taken verbatim: anything but exactly delete retains", (value, effect) => {
    const r = toFunctionFacts(withAnnotations({ "services.k8s.aws/deletion-policy": value }), CLUSTER, {
      annotations: { "lambda.services.k8s.aws/deletion-policy": "delete" },
    });
    expect(r.ok && [r.facts.deletionPolicy, r.facts.deletionPolicySource]).toEqual([effect, "resource"]);
    expect(r.ok && r.facts.problems).toEqual([
      `annotation services.k8s.aws/deletion-policy is ${JSON.stringify(value)}, not "retain" or "delete": the controller deletes only for exactly "delete", so it retains`,
    ]);
  });

  it("the namespace's deletion policy is taken verbatim too", () => {
    const r = toFunctionFacts(withAnnotations({}), CLUSTER, { annotations: { "lambda.services.k8s.aws/deletion-policy": "Delete" } });
    expect(r.ok && [r.facts.deletionPolicy, r.facts.deletionPolicySource]).toEqual(["retain", "namespace"]);
  });

  it("a region that is not a region is skipped, never passed on", () => {
    const r = toFunctionFacts(withAnnotations({ "services.k8s.aws/region": "evil.example.com/#" }, { ackResourceMetadata: { region: "../x" } }), CLUSTER, ns);
    expect(r.ok && r.facts.region).toBe("us-west-2");
    expect(r.ok && r.facts.problems).toEqual([
      "status.ackResourceMetadata.region is not an AWS region; ignored",
      "annotation services.k8s.aws/region is not an AWS region; ignored",
    ]);
  });
});

describe("malformed objects", () => {
  it("the malformed fixture keeps what is well-formed and lists what it ignored", () => {
    const r = toFunctionFacts(loadFixture("function-malformed"), CLUSTER);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.facts).toMatchObject({
      id: "prod-eu/payments/half-broken",
      uid: "",
      resourceVersion: "100",
      generation: null,
      creationTimestamp: null,
      deletionTimestamp: null,
      awsName: null,
      region: null,
      accountId: null,
      arn: null,
      statusState: null,
      lastUpdateStatus: null,
      finalizers: ["finalizers.lambda.services.k8s.aws/Function"],
      annotations: { "services.k8s.aws/region": "../../evil", owner: "payments-team" },
      conditions: [{ type: "ACK.ResourceSynced", status: "False", lastTransitionTime: null, reason: null, message: null }],
    });
    expect(r.facts.problems).toEqual([
      "status.ackResourceMetadata.region is not an AWS region; ignored",
      "annotation services.k8s.aws/region is not an AWS region; ignored",
      "spec.name is not a Lambda function name; ignored",
      "status.ackResourceMetadata.arn is not a Lambda function ARN; ignored",
      "5 malformed or duplicate condition(s) ignored",
      "3 malformed finalizer(s) ignored",
      "metadata.deletionTimestamp is not a timestamp; treated as not deleting",
    ]);
  });

  it("non-array conditions and finalizers, non-object status and annotations", () => {
    const obj = loadFixture("function-healthy") as { metadata: Record<string, unknown>; status: Record<string, unknown> };
    obj.status.conditions = { type: "ACK.ResourceSynced", status: "True" };
    obj.metadata.finalizers = "finalizers.lambda.services.k8s.aws/Function";
    obj.metadata.annotations = ["a"];
    const r = toFunctionFacts(obj, CLUSTER);
    expect(r.ok && r.facts.conditions).toEqual([]);
    expect(r.ok && r.facts.finalizers).toEqual([]);
    expect(r.ok && r.facts.problems).toEqual([
      "metadata.annotations is not an object; ignored",
      "status.conditions is not an array; ignored",
      "metadata.finalizers is not an array; ignored",
    ]);
    const noStatus = toFunctionFacts({ ...obj, status: "broken" }, CLUSTER);
    expect(noStatus.ok && [noStatus.facts.hasStatus, noStatus.facts.problems[0]]).toEqual([false, "status is not an object; ignored"]);
  });

  it.each([
    [null, "not an object"],
    [[], "not an object"],
    ["Function", "not an object"],
    [42, "not an object"],
    [{ kind: "ConfigMap", metadata: { name: "a", namespace: "b" } }, "kind is not Function"],
    [{ apiVersion: "v1", metadata: { name: "a", namespace: "b" } }, "apiVersion is not lambda.services.k8s.aws/*"],
    [{ kind: "Function" }, "metadata missing"],
    [{ metadata: { namespace: "b" } }, "metadata.name missing or not a DNS subdomain"],
    [{ metadata: { name: "a/b", namespace: "b" } }, "metadata.name missing or not a DNS subdomain"],
    [{ metadata: { name: "x".repeat(254), namespace: "b" } }, "metadata.name missing or not a DNS subdomain"],
    [{ metadata: { name: "a" } }, "metadata.namespace missing or not a DNS label"],
    [{ metadata: { name: "a", namespace: "Payments" } }, "metadata.namespace missing or not a DNS label"],
  ])("refuses %j: %s", (obj, error) => {
    expect(toFunctionFacts(obj, CLUSTER)).toEqual({ ok: false, error });
  });

  it("list items without apiVersion/kind are accepted", () => {
    expect(toFunctionFacts({ metadata: { name: "a", namespace: "b" } }, CLUSTER).ok).toBe(true);
  });

  it("an object whose properties throw is refused, not thrown", () => {
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("boom"); }, getOwnPropertyDescriptor: () => { throw new Error("boom"); } });
    expect(toFunctionFacts(trap, CLUSTER)).toEqual({ ok: false, error: "object could not be read" });
  });

  it("duplicate condition types keep the first, as the ACK runtime's FirstOfType does", () => {
    const obj = loadFixture("function-healthy") as { status: { conditions: unknown[] } };
    obj.status.conditions.push({ type: "ACK.ResourceSynced", status: "False" });
    const r = toFunctionFacts(obj, CLUSTER);
    expect(r.ok && r.facts.conditions.map((c) => c.status)).toEqual(["True"]);
  });

  it("thousands of conditions are cut to 32", () => {
    const obj = loadFixture("function-healthy") as { status: { conditions: unknown[] } };
    obj.status.conditions = Array.from({ length: 5000 }, (_, i) => ({ type: `T${i}`, status: "True" }));
    const r = toFunctionFacts(obj, CLUSTER);
    expect(r.ok && r.facts.conditions.length).toBe(32);
    expect(r.ok && r.facts.problems).toEqual(["4968 malformed or duplicate condition(s) ignored"]);
  });
});

describe("hostile content", () => {
  const hostile = () => {
    const r = toFunctionFacts(loadFixture("function-hostile-message"), CLUSTER);
    if (!r.ok) throw new Error(r.error);
    return r.facts;
  };

  it("HTML stays literal text, control and bidi characters are removed, length is capped", () => {
    const message = hostile().conditions[0].message!;
    expect(message.startsWith("<img src=x onerror=alert(document.cookie)><script>")).toBe(true);
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    expect(message).toContain("[31mreddesrever");
    expect(message.length).toBe(2048);
    expect(message.endsWith("…")).toBe(true);
  });

  it("a spec.name or ARN that Lambda would not accept never reaches the AWS adapter", () => {
    const fn = hostile();
    expect(fn.awsName).toBeNull();
    expect(fn.problems).toEqual(["spec.name is not a Lambda function name; ignored"]);
    const obj = loadFixture("function-healthy") as { status: { ackResourceMetadata: Record<string, unknown> } };
    obj.status.ackResourceMetadata.arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api/../../admin";
    const r = toFunctionFacts(obj, CLUSTER);
    expect(r.ok && [r.facts.arn, r.facts.awsName]).toEqual([null, "orders-api"]);
    obj.status.ackResourceMetadata.arn = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders-api:$LATEST";
    const gov = toFunctionFacts(obj, CLUSTER);
    expect(gov.ok && gov.facts.arn).toBe("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders-api:$LATEST");
  });

  it("a __proto__ annotation key cannot pollute any prototype", () => {
    const fn = hostile();
    expect(Object.getPrototypeOf(fn.annotations)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fn.annotations).toEqual({ constructor: "harmless", notes: expect.stringContaining("<script>") });
  });

  it("a 1 MB message costs a capped string", () => {
    const obj = loadFixture("function-healthy") as { status: { conditions: Array<Record<string, unknown>> } };
    obj.status.conditions[0].message = "x".repeat(1_000_000);
    obj.status.conditions[0].reason = "y".repeat(1_000_000);
    const r = toFunctionFacts(obj, CLUSTER);
    expect(r.ok && r.facts.conditions[0].message!.length).toBe(2048);
    expect(r.ok && r.facts.conditions[0].reason!.length).toBe(1024);
  });

  it("timestamps must look like timestamps", () => {
    const obj = loadFixture("function-healthy") as { metadata: Record<string, unknown>; status: Record<string, unknown> };
    obj.metadata.creationTimestamp = "2025-13-45T99:99:99Z";
    obj.status.lastModified = `2025-01-01T00:00:00Z${" ".repeat(100)}`;
    const r = toFunctionFacts(obj, CLUSTER);
    expect(r.ok && [r.facts.creationTimestamp, r.facts.lastModified]).toEqual([null, null]);
  });
});
