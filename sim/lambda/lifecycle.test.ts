/**
 * Create → Pending → Active on the injected clock, updates refused while Pending or while an
 * update is InProgress, Delete (with and without a Deleting phase), scenario overrides.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import { ACCOUNT_A, REGION, caught, startSim, type SimHarness } from "./testkit";

let h: SimHarness;

beforeEach(async () => {
  h = await startSim({ defaultPendingMs: 3000, rateLimits: { getFunctionPerSec: 0, controlPlanePerSec: 0 } });
});

afterEach(async () => {
  await h.close();
});

function createInput(name: string): CreateFunctionCommandInput {
  return {
    FunctionName: name,
    Role: `arn:aws:iam::${ACCOUNT_A}:role/ack-lambda`,
    Runtime: "nodejs20.x",
    Handler: "index.handler",
    Code: { ZipFile: new TextEncoder().encode("PK fake zip bytes") },
    Tags: { "services.k8s.aws/controller-version": "lambda-1.14.1", "services.k8s.aws/namespace": "shop" },
  };
}

async function state(name: string): Promise<{ State?: string; StateReasonCode?: string; LastUpdateStatus?: string }> {
  const out = await h.client().send(new GetFunctionCommand({ FunctionName: name }));
  return { State: out.Configuration?.State, StateReasonCode: out.Configuration?.StateReasonCode, LastUpdateStatus: out.Configuration?.LastUpdateStatus };
}

describe("CreateFunction", () => {
  it("returns Pending/Creating and becomes Active after the delay", async () => {
    const created = await h.client().send(new CreateFunctionCommand(createInput("checkout")));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.State).toBe("Pending");
    expect(created.StateReasonCode).toBe("Creating");
    expect(created.StateReason).toBe("The function is being created.");
    expect(created.FunctionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:checkout`);
    expect(created.CodeSize).toBe("PK fake zip bytes".length);
    h.clock.advance(2999);
    expect((await state("checkout")).State).toBe("Pending");
    h.clock.advance(1);
    expect(await state("checkout")).toEqual({ State: "Active", StateReasonCode: undefined, LastUpdateStatus: "Successful" });
    expect((await h.client().send(new GetFunctionCommand({ FunctionName: "checkout" }))).Tags).toEqual(createInput("x").Tags);
  });

  it("can stay Pending forever (really stuck in AWS), set before the create", async () => {
    h.sim.setLifecycleDelays(ACCOUNT_A, REGION, "stuck", { pendingMs: null });
    await h.client().send(new CreateFunctionCommand(createInput("stuck")));
    h.clock.advance(24 * 3600_000);
    expect((await state("stuck")).State).toBe("Pending");
    h.sim.setLifecycleDelays(ACCOUNT_A, REGION, "stuck", { pendingMs: 1000 });
    expect((await state("stuck")).State).toBe("Active");
  });
});

describe("updates", () => {
  it("are refused while Pending with AWS's message, and accepted once Active", async () => {
    await h.client().send(new CreateFunctionCommand(createInput("cart")));
    const e = await caught(() => h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "cart", MemorySize: 256 })));
    expect(e).toBeInstanceOf(ResourceConflictException);
    expect(e.message).toBe("The operation cannot be performed at this time. The function is currently in the following state: Pending");
    expect((e as unknown as ResourceConflictException).$metadata.httpStatusCode).toBe(409);
    const codeErr = await caught(() => h.client().send(new UpdateFunctionCodeCommand({ FunctionName: "cart", S3Bucket: "b", S3Key: "v2.zip" })));
    expect(codeErr).toBeInstanceOf(ResourceConflictException);

    h.clock.advance(3000);
    const before = await h.client().send(new GetFunctionCommand({ FunctionName: "cart" }));
    const updated = await h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "cart", MemorySize: 256, Timeout: 10 }));
    expect(updated.MemorySize).toBe(256);
    expect(updated.Timeout).toBe(10);
    expect(updated.RevisionId).not.toBe(before.Configuration?.RevisionId);
    const code = await h.client().send(new UpdateFunctionCodeCommand({ FunctionName: "cart", S3Bucket: "b", S3Key: "v2.zip" }));
    expect(code.CodeSha256).not.toBe(before.Configuration?.CodeSha256);
  });

  it("are refused while LastUpdateStatus is InProgress", async () => {
    h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "slow" });
    h.sim.setLifecycleDelays(ACCOUNT_A, REGION, "slow", { updateMs: 5000 });
    const first = await h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "slow", Description: "v2" }));
    expect(first.LastUpdateStatus).toBe("InProgress");
    const e = await caught(() => h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "slow", Description: "v3" })));
    expect(e).toBeInstanceOf(ResourceConflictException);
    expect(e.message).toBe(`The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:slow`);
    h.clock.advance(5000);
    expect((await state("slow")).LastUpdateStatus).toBe("Successful");
  });

  it("reject a stale RevisionId with PreconditionFailedException", async () => {
    const fn = h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "locked" });
    await h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "locked", Description: "a", RevisionId: fn.RevisionId }));
    const e = await caught(() => h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "locked", Description: "b", RevisionId: fn.RevisionId })));
    expect(e).toBeInstanceOf(PreconditionFailedException);
  });
});

describe("DeleteFunction", () => {
  it("removes the function: GetFunction is then 404", async () => {
    h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "old" });
    const out = await h.client().send(new DeleteFunctionCommand({ FunctionName: "old" }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: "old" })));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(await caught(() => h.client().send(new DeleteFunctionCommand({ FunctionName: "old" })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it("can pass through State Deleting for a configured time", async () => {
    h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "leaving" });
    h.sim.setLifecycleDelays(ACCOUNT_A, REGION, "leaving", { deletingMs: 4000 });
    await h.client().send(new DeleteFunctionCommand({ FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:leaving` }));
    expect((await state("leaving")).State).toBe("Deleting");
    const e = await caught(() => h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: "leaving", Description: "x" })));
    expect(e.message).toContain("following state: Deleting");
    h.clock.advance(4000);
    expect(await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: "leaving" })))).toBeInstanceOf(ResourceNotFoundException);
    expect(h.sim.getFunction(ACCOUNT_A, REGION, "leaving")).toBeUndefined();
  });
});

describe("ListFunctions while the fleet changes", () => {
  it("keeps page boundaries by name: no duplicates, no skips, expired deletions vanish", async () => {
    for (let i = 0; i < 60; i++) h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: `svc-${String(i).padStart(2, "0")}` });
    h.sim.setLifecycleDelays(ACCOUNT_A, REGION, "svc-55", { deletingMs: 1000 });
    await h.client().send(new DeleteFunctionCommand({ FunctionName: "svc-55" }));
    const first = await h.client().send(new ListFunctionsCommand({}));
    expect(first.Functions).toHaveLength(50);
    h.sim.deleteFunction(ACCOUNT_A, REGION, "svc-10"); // already listed
    h.sim.deleteFunction(ACCOUNT_A, REGION, "svc-52"); // not yet listed
    h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "svc-99" });
    h.clock.advance(1000); // svc-55 finishes deleting
    const second = await h.client().send(new ListFunctionsCommand({ Marker: first.NextMarker }));
    expect(second.Functions!.map((f) => f.FunctionName)).toEqual(["svc-50", "svc-51", "svc-53", "svc-54", "svc-56", "svc-57", "svc-58", "svc-59", "svc-99"]);
    expect(second.NextMarker).toBeUndefined();
  });
});

describe("direct model access", () => {
  it("putFunction / setState force any state, and it sticks", async () => {
    h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "legacy", State: "Pending", StateReasonCode: "Creating" });
    h.clock.advance(3600_000);
    expect((await state("legacy")).State).toBe("Pending");
    h.sim.setState(ACCOUNT_A, REGION, "legacy", { State: "Active", StateReason: null, StateReasonCode: null, LastUpdateStatus: "Failed", LastUpdateStatusReasonCode: "EniLimitExceeded" });
    const out = await h.client().send(new GetFunctionCommand({ FunctionName: "legacy" }));
    expect(out.Configuration?.State).toBe("Active");
    expect(out.Configuration?.StateReasonCode).toBeUndefined();
    expect(out.Configuration?.LastUpdateStatus).toBe("Failed");
    expect(out.Configuration?.LastUpdateStatusReasonCode).toBe("EniLimitExceeded");
  });

  it("setState with a new CodeSha256 changes the RevisionId (drift scenarios)", () => {
    const before = h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "drifted" });
    h.sim.setState(ACCOUNT_A, REGION, "drifted", { CodeSha256: "ZHJpZnQ=" });
    const after = h.sim.getFunction(ACCOUNT_A, REGION, "drifted")!;
    expect(after.CodeSha256).toBe("ZHJpZnQ=");
    expect(after.RevisionId).not.toBe(before.RevisionId);
    expect(() => h.sim.setState(ACCOUNT_A, REGION, "nobody", { State: "Active" })).toThrow(/no function/);
  });

  it("snapshots are copies: mutating one does not change the model", () => {
    const fn = h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "copy" }, { a: "1" });
    fn.Tags.a = "2";
    fn.State = "Failed";
    const again = h.sim.getFunction(ACCOUNT_A, REGION, "copy")!;
    expect(again.Tags).toEqual({ a: "1" });
    expect(again.State).toBe("Active");
    expect(h.sim.deleteFunction(ACCOUNT_A, REGION, "copy")).toBe(true);
    expect(h.sim.deleteFunction(ACCOUNT_A, REGION, "copy")).toBe(false);
    expect(h.sim.listFunctions(ACCOUNT_A, REGION).map((f) => f.FunctionName)).not.toContain("copy");
  });
});
