import { describe, expect, it } from "vitest";
import { AwsStateReader, type AwsTarget } from "./reader";
import type { FunctionLocator, GetFunctionOutcome, LambdaReadApi } from "./lambda-api";

/** A plain fake of the adapter: answers from a table, records the order of calls. */
class FakeLambda implements LambdaReadApi {
  calls: string[] = [];
  answers = new Map<string, GetFunctionOutcome>();
  async getFunction(loc: FunctionLocator): Promise<GetFunctionOutcome> {
    this.calls.push(loc.functionName);
    return this.answers.get(loc.functionName) ?? { kind: "not-found" };
  }
}

const found = (state: string): GetFunctionOutcome => ({
  kind: "found",
  state,
  stateReason: null,
  stateReasonCode: null,
  lastUpdateStatus: "Successful",
  lastUpdateStatusReason: null,
  lastUpdateStatusReasonCode: null,
  codeSha256: "abc",
  revisionId: "r1",
  lastModified: null,
  tags: {},
});

const target = (name: string, urgent = false, accountId = "111111111111"): AwsTarget => ({
  id: `c/ns/${name}`,
  loc: { accountId, region: "eu-west-1", functionName: name },
  urgent,
});

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("AwsStateReader", () => {
  it("reads urgent functions first and keeps within the per-account budget", async () => {
    let t = 1_000_000;
    const api = new FakeLambda();
    const reader = new AwsStateReader(api, { requestsPerSecond: 2, concurrency: 10, refreshHealthyMs: 300_000, refreshUnhealthyMs: 15_000, now: () => t });
    for (let i = 0; i < 5; i++) reader.upsert(target(`healthy-${i}`));
    reader.upsert(target("stuck-1", true));
    reader.tick();
    await flush();
    expect(api.calls).toEqual(["stuck-1", "healthy-0"]); // burst of 2, urgent first
    reader.tick();
    await flush();
    expect(api.calls).toHaveLength(2); // no tokens left at the same instant
    t += 1000;
    reader.tick();
    await flush();
    expect(api.calls).toHaveLength(4);
  });

  it("budgets each account separately", async () => {
    const t = 0;
    const api = new FakeLambda();
    const reader = new AwsStateReader(api, { requestsPerSecond: 1, concurrency: 10, refreshHealthyMs: 1e6, refreshUnhealthyMs: 1e4, now: () => t });
    reader.upsert(target("a1", false, "111111111111"));
    reader.upsert(target("a2", false, "111111111111"));
    reader.upsert(target("b1", false, "222222222222"));
    reader.tick();
    await flush();
    expect(api.calls.sort()).toEqual(["a1", "b1"]);
  });

  it("turns errors and throttling into data and keeps the last known state", async () => {
    let t = 0;
    const api = new FakeLambda();
    const changes: string[] = [];
    let accountChanges = 0;
    const reader = new AwsStateReader(api, { requestsPerSecond: 100, concurrency: 10, refreshHealthyMs: 1000, refreshUnhealthyMs: 1000, now: () => t });
    reader.subscribe({ accountsChanged: () => accountChanges++, stateChanged: (id, s) => changes.push(`${id}:${s.error?.code ?? s.state}`) });
    api.answers.set("fn", found("Active"));
    reader.upsert(target("fn"));
    reader.tick();
    await flush();
    expect(reader.get("c/ns/fn")?.state).toBe("Active");

    api.answers.set("fn", { kind: "throttled", retryAfterMs: 5000, message: "Rate exceeded" });
    t += 1000;
    reader.tick();
    await flush();
    const throttled = reader.get("c/ns/fn")!;
    expect(throttled.state).toBe("Active"); // last known value kept
    expect(throttled.error?.code).toBe("TooManyRequestsException");
    expect(reader.accountStatuses()[0].throttledUntil).not.toBeNull();
    expect(reader.accountStatuses()[0].error?.code).toBe("TooManyRequestsException");

    api.answers.set("fn", { kind: "error", code: "AccessDeniedException", message: "not authorized" });
    t += 1000; // still inside the 5 s pause: nothing is sent
    reader.tick();
    await flush();
    expect(api.calls).toHaveLength(2);
    t += 5000;
    reader.tick();
    await flush();
    expect(reader.get("c/ns/fn")?.error?.code).toBe("AccessDeniedException");
    expect(reader.accountStatuses()[0].error?.code).toBe("AccessDeniedException");

    api.answers.set("fn", { kind: "not-found" });
    t += 2000;
    reader.tick();
    await flush();
    expect(reader.get("c/ns/fn")).toMatchObject({ exists: false, error: null });
    expect(accountChanges).toBe(3); // throttled, then access denied, then readable again
    expect(changes).toEqual(["c/ns/fn:Active", "c/ns/fn:TooManyRequestsException", "c/ns/fn:AccessDeniedException", "c/ns/fn:null"]);
  });

  it("never exceeds the concurrency limit", async () => {
    const t = 0;
    let inflight = 0;
    let peak = 0;
    const api: LambdaReadApi = {
      async getFunction() {
        inflight++;
        peak = Math.max(peak, inflight);
        await new Promise((r) => setTimeout(r, 5));
        inflight--;
        return { kind: "not-found" };
      },
    };
    const reader = new AwsStateReader(api, { requestsPerSecond: 1000, concurrency: 3, refreshHealthyMs: 1e6, refreshUnhealthyMs: 1e6, now: () => t });
    for (let i = 0; i < 20; i++) reader.upsert(target(`f${i}`));
    for (let i = 0; i < 20; i++) {
      reader.tick();
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(peak).toBe(3);
  });
});
