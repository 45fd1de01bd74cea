/**
 * Throttling at the configured rate (TooManyRequestsException with Reason and Retry-After),
 * separate quotas per operation group and per account/region, latency, request counters.
 * Bounded: at most a few dozen requests per test, retries off.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GetFunctionCommand, ListFunctionsCommand, ListTagsCommand, TooManyRequestsException } from "@aws-sdk/client-lambda";
import { RateLimiter } from "./throttle";
import { ACCOUNT_A, ACCOUNT_B, KEY_B, OTHER_REGION, KEY_A, REGION, startSim, type SimHarness } from "./testkit";

let h: SimHarness;

beforeEach(async () => {
  h = await startSim();
  h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "hot" });
});

afterEach(async () => {
  await h.close();
});

/** Sends `n` calls at once; returns how many were throttled and the first throttle error. */
async function burst(n: number, send: () => Promise<unknown>): Promise<{ throttled: number; ok: number; first?: TooManyRequestsException }> {
  const results = await Promise.allSettled(Array.from({ length: n }, send));
  let first: TooManyRequestsException | undefined;
  let throttled = 0;
  let ok = 0;
  for (const r of results) {
    if (r.status === "fulfilled") ok++;
    else if (r.reason instanceof TooManyRequestsException) {
      throttled++;
      first ??= r.reason;
    } else throw r.reason;
  }
  return { throttled, ok, first };
}

describe("rate limits", () => {
  it("5/s on GetFunction with a frozen clock: 20 quick calls → exactly 15 throttled", async () => {
    h.sim.setRateLimits({ getFunctionPerSec: 5 });
    const c = h.client();
    const r = await burst(20, () => c.send(new GetFunctionCommand({ FunctionName: "hot" })));
    expect(r.ok).toBe(5);
    expect(r.throttled).toBe(15);
    expect(r.first?.Reason).toBe("CallerRateLimitExceeded");
    expect(r.first?.message).toBe("Rate exceeded");
    expect(r.first?.retryAfterSeconds).toBe("1");
    expect(r.first?.$metadata.httpStatusCode).toBe(429);
    expect(h.sim.requestCounts().GetFunction).toBe(20);
    expect(h.sim.throttledCounts().GetFunction).toBe(15);

    // The control-plane quota is separate; time refills GetFunction.
    await expect(c.send(new ListFunctionsCommand({}))).resolves.toBeTruthy();
    h.clock.advance(1000);
    expect((await burst(6, () => c.send(new GetFunctionCommand({ FunctionName: "hot" })))).ok).toBe(5);
  });

  it("all other control-plane calls share one quota", async () => {
    h.sim.setRateLimits({ controlPlanePerSec: 4 });
    const c = h.client();
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:hot`;
    const r = await burst(6, () => c.send(new ListFunctionsCommand({})));
    expect(r.ok).toBe(4);
    const tags = await burst(2, () => c.send(new ListTagsCommand({ Resource: arn })));
    expect(tags.throttled).toBe(2);
    expect((await burst(3, () => c.send(new GetFunctionCommand({ FunctionName: "hot" })))).throttled).toBe(0);
  });

  it("quotas are per account and per region", async () => {
    h.sim.setRateLimits({ controlPlanePerSec: 2 });
    h.sim.putFunction(ACCOUNT_B, REGION, { FunctionName: "hot" });
    expect((await burst(3, () => h.client(KEY_A, REGION).send(new ListFunctionsCommand({})))).throttled).toBe(1);
    expect((await burst(2, () => h.client(KEY_B, REGION).send(new ListFunctionsCommand({})))).throttled).toBe(0);
    expect((await burst(2, () => h.client(KEY_A, OTHER_REGION).send(new ListFunctionsCommand({})))).throttled).toBe(0);
  });

  it("uses the real quotas by default (100/s GetFunction, 15/s the rest)", async () => {
    const c = h.client();
    expect((await burst(16, () => c.send(new ListFunctionsCommand({})))).throttled).toBe(1);
  });

  it("on the real clock, 20 calls at 5/s leave 10 to 15 throttled", async () => {
    const real = await startSim({ now: Date.now, rateLimits: { getFunctionPerSec: 5 } });
    try {
      real.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "hot" });
      const c = real.client();
      const started = Date.now();
      let throttled = 0;
      for (let i = 0; i < 20; i++) {
        try {
          await c.send(new GetFunctionCommand({ FunctionName: "hot" }));
        } catch (e) {
          if (!(e instanceof TooManyRequestsException)) throw e;
          throttled++;
        }
      }
      const elapsedSec = (Date.now() - started) / 1000;
      // 5 burst + 5/s refill over the elapsed time.
      expect(throttled).toBeLessThanOrEqual(15);
      expect(throttled).toBeGreaterThanOrEqual(Math.max(0, 15 - Math.ceil(elapsedSec * 5)));
      expect(elapsedSec).toBeLessThan(3); // otherwise the lower bound says nothing
    } finally {
      await real.close();
    }
  });
});

describe("latency", () => {
  it("delays every response by the configured time", async () => {
    const c = h.client();
    await c.send(new GetFunctionCommand({ FunctionName: "hot" }));
    h.sim.setLatency(300);
    const t0 = performance.now();
    await c.send(new GetFunctionCommand({ FunctionName: "hot" }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
    h.sim.setLatency(0);
    const t1 = performance.now();
    await c.send(new GetFunctionCommand({ FunctionName: "hot" }));
    expect(performance.now() - t1).toBeLessThan(250);
  });
});

describe("RateLimiter (unit)", () => {
  it("refills continuously and reports Retry-After in whole seconds", () => {
    let t = 0;
    const rl = new RateLimiter({ controlPlanePerSec: 2 }, () => t);
    expect(rl.take("a/r", "controlPlane").ok).toBe(true);
    expect(rl.take("a/r", "controlPlane").ok).toBe(true);
    const denied = rl.take("a/r", "controlPlane");
    expect(denied).toEqual({ ok: false, retryAfterSec: 1 });
    t += 499;
    expect(rl.take("a/r", "controlPlane").ok).toBe(false);
    t += 1;
    expect(rl.take("a/r", "controlPlane").ok).toBe(true);
    rl.setLimits({ controlPlanePerSec: 0 });
    for (let i = 0; i < 50; i++) expect(rl.take("a/r", "controlPlane").ok).toBe(true);
    const slow = new RateLimiter({ getFunctionPerSec: 0.25 }, () => 0);
    expect(slow.take("a/r", "getFunction").ok).toBe(true);
    expect(slow.take("a/r", "getFunction")).toEqual({ ok: false, retryAfterSec: 4 });
  });
});
