/**
 * Read paths through the real @aws-sdk/client-lambda v3 over HTTP: GetFunction,
 * GetFunctionConfiguration, ListFunctions pagination, tags, name forms, isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListFunctions,
} from "@aws-sdk/client-lambda";
import { ACCOUNT_A, ACCOUNT_B, KEY_A, KEY_B, OTHER_REGION, REGION, caught, startSim, type SimHarness } from "./testkit";

let h: SimHarness;

beforeAll(async () => {
  h = await startSim({ rateLimits: { getFunctionPerSec: 0, controlPlanePerSec: 0 } });
  for (let i = 0; i < 120; i++) {
    h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: `fleet-fn-${String(i).padStart(3, "0")}` });
  }
  h.sim.putFunction(
    ACCOUNT_A,
    REGION,
    { FunctionName: "orders-api", Runtime: "python3.12", MemorySize: 512, Timeout: 30, State: "Failed", StateReason: "The function could not be created.", StateReasonCode: "InvalidConfiguration", LastUpdateStatus: "Failed", LastUpdateStatusReason: "Bad config", LastUpdateStatusReasonCode: "InvalidConfiguration" },
    { "services.k8s.aws/controller-version": "lambda-1.7.3", "services.k8s.aws/namespace": "shop" },
  );
});

afterAll(async () => {
  await h.close();
});

describe("GetFunction", () => {
  it("returns every configuration field and the tags", async () => {
    const out = await h.client().send(new GetFunctionCommand({ FunctionName: "orders-api" }));
    const c = out.Configuration!;
    expect(c.FunctionName).toBe("orders-api");
    expect(c.FunctionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:orders-api`);
    expect(c.Runtime).toBe("python3.12");
    expect(c.MemorySize).toBe(512);
    expect(c.Timeout).toBe(30);
    expect(c.Role).toBe(`arn:aws:iam::${ACCOUNT_A}:role/lambda-exec`);
    expect(c.Handler).toBe("index.handler");
    expect(c.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(c.CodeSize).toBeGreaterThan(0);
    expect(c.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(c.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.Version).toBe("$LATEST");
    expect(c.State).toBe("Failed");
    expect(c.StateReason).toBe("The function could not be created.");
    expect(c.StateReasonCode).toBe("InvalidConfiguration");
    expect(c.LastUpdateStatus).toBe("Failed");
    expect(c.LastUpdateStatusReason).toBe("Bad config");
    expect(c.LastUpdateStatusReasonCode).toBe("InvalidConfiguration");
    expect(c.PackageType).toBe("Zip");
    expect(c.Architectures).toEqual(["x86_64"]);
    expect(out.Tags).toEqual({ "services.k8s.aws/controller-version": "lambda-1.7.3", "services.k8s.aws/namespace": "shop" });
    expect(out.Code?.RepositoryType).toBe("S3");
  });

  it("accepts a full ARN, a partial ARN and a $LATEST qualifier", async () => {
    const c = h.client();
    for (const FunctionName of [
      `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:orders-api`,
      `${ACCOUNT_A}:function:orders-api`,
      "orders-api:$LATEST",
    ]) {
      const out = await c.send(new GetFunctionCommand({ FunctionName }));
      expect(out.Configuration?.FunctionName).toBe("orders-api");
    }
  });

  it("has no published versions: another qualifier is not found", async () => {
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: "orders-api", Qualifier: "7" })));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e.message).toBe(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:orders-api:7`);
  });

  it("GetFunctionConfiguration returns the same configuration", async () => {
    const out = await h.client().send(new GetFunctionConfigurationCommand({ FunctionName: "orders-api" }));
    expect(out.State).toBe("Failed");
    expect(out.FunctionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:orders-api`);
  });
});

describe("ListFunctions", () => {
  it("pages 121 functions as 50 + 50 + 21 through Marker/NextMarker", async () => {
    const c = h.client();
    const sizes: number[] = [];
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await c.send(new ListFunctionsCommand({ Marker: marker }));
      sizes.push(page.Functions!.length);
      names.push(...page.Functions!.map((f) => f.FunctionName!));
      marker = page.NextMarker;
    } while (marker);
    expect(sizes).toEqual([50, 50, 21]);
    expect(new Set(names).size).toBe(121);
    expect(names).toEqual([...names].sort());
  });

  it("caps MaxItems at 50 and honours a smaller one", async () => {
    const c = h.client();
    expect((await c.send(new ListFunctionsCommand({ MaxItems: 500 }))).Functions).toHaveLength(50);
    const small = await c.send(new ListFunctionsCommand({ MaxItems: 7 }));
    expect(small.Functions).toHaveLength(7);
    expect(small.NextMarker).toBeTruthy();
  });

  it("works with the SDK paginator", async () => {
    let pages = 0;
    let count = 0;
    for await (const page of paginateListFunctions({ client: h.client() }, {})) {
      pages++;
      count += page.Functions?.length ?? 0;
    }
    expect(pages).toBe(3);
    expect(count).toBe(121);
  });

  it("leaves State and LastUpdateStatus out, as AWS does", async () => {
    const page = await h.client().send(new ListFunctionsCommand({ MaxItems: 50, Marker: undefined }));
    const fn = page.Functions!.find((f) => f.FunctionName === "fleet-fn-000")!;
    expect(fn.FunctionArn).toContain(":function:fleet-fn-000");
    expect(fn.State).toBeUndefined();
    expect(fn.LastUpdateStatus).toBeUndefined();
    expect(fn.CodeSha256).toBeTruthy();
  });
});

describe("tags", () => {
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fleet-fn-001`;
  it("TagResource, ListTags and UntagResource round-trip", async () => {
    const c = h.client();
    expect((await c.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({});
    await c.send(new TagResourceCommand({ Resource: arn, Tags: { team: "payments", "services.k8s.aws/namespace": "prod" } }));
    expect((await c.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: "payments", "services.k8s.aws/namespace": "prod" });
    await c.send(new UntagResourceCommand({ Resource: arn, TagKeys: ["team"] }));
    expect((await c.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ "services.k8s.aws/namespace": "prod" });
    expect((await c.send(new GetFunctionCommand({ FunctionName: "fleet-fn-001" }))).Tags).toEqual({ "services.k8s.aws/namespace": "prod" });
  });

  it("ListTags on a missing function is ResourceNotFoundException", async () => {
    const e = await caught(() => h.client().send(new ListTagsCommand({ Resource: `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:nope` })));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("isolation", () => {
  it("keeps accounts and regions apart", async () => {
    h.sim.putFunction(ACCOUNT_B, REGION, { FunctionName: "b-only" });
    h.sim.putFunction(ACCOUNT_A, OTHER_REGION, { FunctionName: "eu-only" });
    const b = h.client(KEY_B, REGION);
    const aEu = h.client(KEY_A, OTHER_REGION);
    const listB = await b.send(new ListFunctionsCommand({}));
    expect(listB.Functions!.map((f) => f.FunctionName)).toEqual(["b-only"]);
    expect(listB.Functions![0].FunctionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT_B}:function:b-only`);
    const listEu = await aEu.send(new ListFunctionsCommand({}));
    expect(listEu.Functions!.map((f) => f.FunctionName)).toEqual(["eu-only"]);
    expect(await caught(() => b.send(new GetFunctionCommand({ FunctionName: "orders-api" })))).toBeInstanceOf(ResourceNotFoundException);
    const e = await caught(() => h.client(KEY_A, REGION).send(new GetFunctionCommand({ FunctionName: "eu-only" })));
    expect(e.message).toBe(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:eu-only`);
    expect(KEY_A).not.toBe(KEY_B);
  });
});
