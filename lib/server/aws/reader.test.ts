import { describe, expect, it } from "vitest";
import { maxInAnyWindow } from "@/test/sliding-window";
import { AwsStateReader, type AwsReaderOptions, type AwsTarget } from "./reader";
import type { FunctionLocator, GetFunctionOutcome, LambdaReadApi } from "./lambda-api";
import { Clock, run, settle } from "./reader-testkit";
import { FIRST_PASS_CADENCE_DELAY_MS } from "./account-queue";

/** A plain fake of the adapter: answers from a table, records each call and its time. */
class FakeLambda implements LambdaReadApi {
  calls: Array<{ name: string; account: string; at: number }> = [];
  answers = new Map<string, GetFunctionOutcome>();
  constructor(private readonly clock: Clock) {}
  async getFunction(loc: FunctionLocator): Promise<GetFunctionOutcome> {
    this.calls.push({ name: loc.functionName, account: `${loc.accountId}/${loc.region}`, at: this.clock.t });
    return this.answer(loc);
  }
  protected answer(loc: FunctionLocator): GetFunctionOutcome {
    return this.answers.get(loc.functionName) ?? { kind: "not-found" };
  }
  names(): string[] {
    return this.calls.map((c) => c.name);
  }
}

/** A fake Lambda that throttles what goes above `limit` accepted requests in a sliding second (as AWS does per account). */
class ThrottlingLambda extends FakeLambda {
  accepted: number[] = [];
  throttledCount = 0;
  constructor(
    private readonly c: Clock,
    private readonly limit: number,
  ) {
    super(c);
  }
  protected answer(): GetFunctionOutcome {
    while (this.accepted.length && this.accepted[0] <= this.c.t - 1000) this.accepted.shift();
    if (this.accepted.length >= this.limit) {
      this.throttledCount++;
      return { kind: "throttled", retryAfterMs: null, message: "Rate exceeded" };
    }
    this.accepted.push(this.c.t);
    return { kind: "found", ...foundState("Active") };
  }
}

const foundState = (state: string) => ({
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
const found = (state: string): GetFunctionOutcome => ({ kind: "found", ...foundState(state) });

const target = (name: string, urgent = false, accountId = "111111111111"): AwsTarget => ({
  id: `c/ns/${name}`,
  loc: { accountId, region: "eu-west-1", functionName: name },
  urgent,
});

function setup(opts: Partial<AwsReaderOptions> = {}, api?: (c: Clock) => FakeLambda) {
  const clock = new Clock();
  const lambda = api ? api(clock) : new FakeLambda(clock);
  const reader = new AwsStateReader(lambda, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 300_000, refreshUnhealthyMs: 15_000, now: clock.now, ...opts });
  return { clock, lambda, reader };
}

describe("AwsStateReader", () => {
  it("reads never-read Functions needing attention first, then never-read ones, then re-reads", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 4, refreshHealthyMs: 1000, refreshUnhealthyMs: 1000 });
    for (let i = 0; i < 3; i++) reader.upsert(target(`healthy-${i}`));
    reader.upsert(target("stuck-1", true));
    await run(reader, clock, 1000);
    expect(lambda.names().slice(0, 4)).toEqual(["stuck-1", "healthy-0", "healthy-1", "healthy-2"]);
    // Now all are known and due again after 1 s; a new one arrives: it goes before the healthy re-reads.
    reader.upsert(target("new-1"));
    await run(reader, clock, 2000);
    const after = lambda.names().slice(4);
    expect(after.indexOf("new-1")).toBeGreaterThanOrEqual(0);
    expect(after.indexOf("new-1")).toBeLessThan(after.findIndex((n) => n.startsWith("healthy-")));
  });

  it("while first reads wait, re-reads an attention Function at once when its Kubernetes state changes, not on its cadence", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 10, refreshUnhealthyMs: 1000 });
    reader.upsert(target("stuck", true));
    await run(reader, clock, 200);
    expect(lambda.names()).toEqual(["stuck"]);
    for (let i = 0; i < 500; i++) reader.upsert(target(`new-${i}`));
    await run(reader, clock, 10_000);
    // Due every second, but read once already in this pass: the budget went to the never-read ones.
    expect(lambda.names().filter((n) => n === "stuck")).toHaveLength(1);
    expect(lambda.names().filter((n) => n.startsWith("new-")).length).toBeGreaterThanOrEqual(98);
    // Its Kubernetes state changes (the fleet nudges it): read again within a few picks.
    const before = lambda.calls.length;
    reader.nudge("c/ns/stuck");
    await run(reader, clock, 1000);
    expect(lambda.names().slice(before, before + 5)).toContain("stuck");
  });

  it("gives prompted re-reads at most one pick in five while first reads wait", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 10, refreshUnhealthyMs: 1000 });
    for (let i = 0; i < 50; i++) reader.upsert(target(`stuck-${i}`, true));
    await run(reader, clock, 6000);
    expect(reader.progress().stateKnown).toBe(50);
    const passStart = lambda.calls.length;
    for (let i = 0; i < 500; i++) reader.upsert(target(`new-${i}`));
    // Every stuck one's Kubernetes state keeps changing.
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < 50; i++) reader.nudge(`c/ns/stuck-${i}`);
      await run(reader, clock, 1000);
    }
    const pass = lambda.names().slice(passStart);
    const rereads = pass.filter((n) => n.startsWith("stuck-")).length;
    expect(rereads).toBeGreaterThanOrEqual(15);
    expect(rereads).toBeLessThanOrEqual(Math.ceil(pass.length / 5));
    expect(pass.length).toBeGreaterThanOrEqual(98);
  });

  it("re-reads an attention Function on a slower cadence during a long first pass, at most one pick in twenty", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 10, refreshUnhealthyMs: 15_000 });
    for (let i = 0; i < 10; i++) reader.upsert(target(`stuck-${i}`, true));
    for (let i = 0; i < 5000; i++) reader.upsert(target(`new-${i}`));
    await run(reader, clock, 400_000, 20);
    const reads = (name: string) => lambda.calls.filter((c) => c.name === name).map((c) => c.at);
    const first = reads("stuck-0");
    // Read first; again about 5 min after it was due (15 s), not every 15 s.
    expect(first.length).toBe(2);
    expect(first[1] - first[0]).toBeGreaterThanOrEqual(15_000 + FIRST_PASS_CADENCE_DELAY_MS);
    expect(first[1] - first[0]).toBeLessThan(15_000 + FIRST_PASS_CADENCE_DELAY_MS + 5000);
    const newRead = lambda.names().filter((n) => n.startsWith("new-")).length;
    expect(newRead).toBeGreaterThanOrEqual(Math.floor(400 * 10 * 0.98) - 20);
  });

  it("reads every never-read Function of an account in the time its budget allows, with attention ones among them", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 10, refreshUnhealthyMs: 15_000, refreshHealthyMs: 300_000 });
    // About one Function in nine needs attention, as in a large fleet.
    for (let i = 0; i < 3000; i++) reader.upsert(target(`f${i}`, i % 9 === 0));
    const start = clock.t;
    while (reader.progress().stateKnown < 3000 && clock.t - start < 400_000) await run(reader, clock, 1000);
    const seconds = (clock.t - start) / 1000;
    // The bare budget: 3000 / 10 = 300 s (one round of the run loop's granularity on top).
    expect(seconds).toBeLessThanOrEqual(300 * 1.01 + 1);
    expect(maxInAnyWindow(lambda.calls.map((c) => c.at))).toBeLessThanOrEqual(10);
    // Attention first: every one of them was read before the first healthy one... after the first 334.
    expect(lambda.names().slice(0, 334).every((n) => Number(n.slice(1)) % 9 === 0)).toBe(true);
  });

  it("never sends more than the budget in any one-second window of any account, and uses all of it in each", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 2000, refreshUnhealthyMs: 500 });
    const accounts = ["111111111111", "222222222222", "333333333333"];
    for (const a of accounts) for (let i = 0; i < 400; i++) reader.upsert(target(`${a}-f${i}`, i % 3 === 0, a));
    // Uneven ticks, nudges and urgency changes in between, over 20 s of fake time.
    for (let step = 0; step < 4000; step++) {
      clock.t += 1 + (step % 9);
      if (step % 50 === 0) reader.nudge(`c/ns/${accounts[step % 3]}-f${step % 400}`);
      if (step % 70 === 0) reader.upsert(target(`${accounts[1]}-f${step % 400}`, step % 140 === 0, accounts[1]));
      reader.tick();
      await settle();
    }
    const seconds = (lambda.calls.at(-1)!.at - lambda.calls[0].at) / 1000;
    for (const a of accounts) {
      const times = lambda.calls.filter((c) => c.account === `${a}/eu-west-1`).map((c) => c.at);
      expect(maxInAnyWindow(times)).toBeLessThanOrEqual(10);
      expect(times.length).toBeGreaterThanOrEqual(Math.floor(seconds * 10 * 0.9));
    }
  });

  it("limits requests in flight per account and region, not across accounts", async () => {
    const clock = new Clock();
    const inflight = new Map<string, number>();
    const peak = new Map<string, number>();
    const pending: Array<() => void> = [];
    const slow: LambdaReadApi = {
      getFunction(loc) {
        inflight.set(loc.accountId, (inflight.get(loc.accountId) ?? 0) + 1);
        peak.set(loc.accountId, Math.max(peak.get(loc.accountId) ?? 0, inflight.get(loc.accountId)!));
        return new Promise((resolve) =>
          pending.push(() => {
            inflight.set(loc.accountId, inflight.get(loc.accountId)! - 1);
            resolve({ kind: "not-found" });
          }),
        );
      },
    };
    const r = new AwsStateReader(slow, { requestsPerSecond: 100, concurrency: 2, refreshHealthyMs: 1e6, refreshUnhealthyMs: 1e6, now: clock.now });
    for (let i = 0; i < 20; i++) r.upsert(target(`a${i}`, false, "111111111111"));
    for (let i = 0; i < 20; i++) r.upsert(target(`b${i}`, false, "222222222222"));
    for (let step = 0; step < 100; step++) {
      clock.t += 50;
      r.tick();
      if (step % 3 === 0) pending.splice(0).forEach((f) => f());
      await settle();
    }
    expect(peak.get("111111111111")).toBe(2);
    expect(peak.get("222222222222")).toBe(2);
  });

  it("under throttling slows down so that fewer than 5% of its requests are throttled, and keeps reading", async () => {
    for (const limit of [1, 4]) {
      const { clock, lambda, reader } = setup({ requestsPerSecond: 10, refreshHealthyMs: 5000, refreshUnhealthyMs: 5000 }, (c) => new ThrottlingLambda(c, limit));
      for (let i = 0; i < 300; i++) reader.upsert(target(`f${i}`));
      await run(reader, clock, 600_000, 20);
      const api = lambda as ThrottlingLambda;
      const share = api.throttledCount / api.calls.length;
      expect(share).toBeLessThan(0.05);
      // ...and still uses most of what AWS allows.
      expect(api.calls.length - api.throttledCount).toBeGreaterThanOrEqual(600 * limit * 0.6);
    }
  });

  it("turns errors and throttling into data and keeps the last known state", async () => {
    const { clock, lambda, reader } = setup({ requestsPerSecond: 100, refreshHealthyMs: 1000, refreshUnhealthyMs: 1000 });
    const changes: string[] = [];
    let accountChanges = 0;
    reader.subscribe({ accountsChanged: () => accountChanges++, stateChanged: (id, s) => changes.push(`${id}:${s.error?.code ?? s.state}`) });
    lambda.answers.set("fn", found("Active"));
    reader.upsert(target("fn"));
    reader.tick();
    await settle();
    expect(reader.get("c/ns/fn")?.state).toBe("Active");

    lambda.answers.set("fn", { kind: "throttled", retryAfterMs: 5000, message: "Rate exceeded" });
    clock.t += 1000;
    reader.tick();
    await settle();
    const throttled = reader.get("c/ns/fn")!;
    expect(throttled.state).toBe("Active"); // last known value kept
    expect(throttled.error?.code).toBe("TooManyRequestsException");
    expect(reader.accountStatuses()[0].throttledUntil).not.toBeNull();
    expect(reader.accountStatuses()[0].error?.code).toBe("TooManyRequestsException");

    lambda.answers.set("fn", { kind: "error", code: "AccessDeniedException", message: "not authorized" });
    clock.t += 1000; // still inside the 5 s pause AWS asked for: nothing is sent
    reader.tick();
    await settle();
    expect(lambda.calls).toHaveLength(2);
    clock.t += 5000;
    reader.tick();
    await settle();
    expect(reader.get("c/ns/fn")?.error?.code).toBe("AccessDeniedException");
    expect(reader.accountStatuses()[0].error?.code).toBe("AccessDeniedException");

    lambda.answers.set("fn", { kind: "not-found" });
    clock.t += 2000;
    reader.tick();
    await settle();
    expect(reader.get("c/ns/fn")).toMatchObject({ exists: false, error: null });
    expect(accountChanges).toBe(3); // throttled, then access denied, then readable again
    expect(changes).toEqual(["c/ns/fn:Active", "c/ns/fn:TooManyRequestsException", "c/ns/fn:AccessDeniedException", "c/ns/fn:null"]);
  });

  it("does not read a removed Function, and reads a nudged one before its refresh", async () => {
    const { clock, lambda, reader } = setup({ refreshHealthyMs: 60_000 });
    reader.upsert(target("a"));
    reader.upsert(target("b"));
    reader.remove("c/ns/b");
    await run(reader, clock, 1000);
    expect(lambda.names()).toEqual(["a"]);
    reader.nudge("c/ns/a");
    await run(reader, clock, 200);
    expect(lambda.names()).toEqual(["a", "a"]);
  });
});
