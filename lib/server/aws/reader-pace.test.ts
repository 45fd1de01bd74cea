import { afterEach, describe, expect, it, vi } from "vitest";
import { maxInAnyWindow } from "@/test/sliding-window";
import { AwsStateReader } from "./reader";
import type { GetFunctionOutcome, LambdaReadApi } from "./lambda-api";
import { makeRng } from "@/sim/scenarios/random";

/**
 * The reader on its own timers (start(), 100 ms ticks) with fake timers and a fake Lambda that
 * answers after a delay: how much of the budget it really uses, as the benchmark runs it.
 */
describe("AwsStateReader on its own timers", () => {
  afterEach(() => void vi.useRealTimers());

  it("uses the budget up to what the hard cap allows (cap / (1 + answer time)), not only on periodic ticks", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "clearInterval", "Date"] });
    const sent: number[] = [];
    const lambda: LambdaReadApi = {
      getFunction: () =>
        new Promise<GetFunctionOutcome>((resolve) => {
          sent.push(Date.now());
          setTimeout(() => resolve({ kind: "not-found" }), 10);
        }),
    };
    const reader = new AwsStateReader(lambda, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 3_600_000, refreshUnhealthyMs: 3_600_000 });
    for (let i = 0; i < 2000; i++) reader.upsert({ id: `f${i}`, loc: { accountId: "111111111111", region: "eu-west-1", functionName: `f${i}` }, urgent: false });
    reader.start();
    await vi.advanceTimersByTimeAsync(60_000);
    reader.stop();
    expect(maxInAnyWindow(sent)).toBeLessThanOrEqual(10);
    // 10 per 1.01 s at best with 10 ms answers; waiting for the next 100 ms tick gave 10 per 1.1 s (545 in 60 s).
    expect(sent.length).toBeGreaterThanOrEqual(580);
  });

  it("holds the cap where AWS counts (on arrival) with answers taking 5-600 ms, and still uses cap / (1 + answer time)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "clearInterval", "Date"] });
    const rnd = makeRng(11).next;
    const arrivals: number[] = [];
    let latencySum = 0;
    const lambda: LambdaReadApi = {
      getFunction: () =>
        new Promise<GetFunctionOutcome>((resolve) => {
          const latency = 5 + rnd() * 595;
          latencySum += latency;
          // The request reaches AWS at any point between its sending and its answer.
          arrivals.push(Date.now() + rnd() * latency);
          setTimeout(() => resolve({ kind: "not-found" }), latency);
        }),
    };
    const reader = new AwsStateReader(lambda, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 3_600_000, refreshUnhealthyMs: 3_600_000 });
    for (let i = 0; i < 2000; i++) reader.upsert({ id: `f${i}`, loc: { accountId: "111111111111", region: "eu-west-1", functionName: `f${i}` }, urgent: i % 9 === 0 });
    reader.start();
    await vi.advanceTimersByTimeAsync(60_000);
    reader.stop();
    expect(maxInAnyWindow(arrivals)).toBeLessThanOrEqual(10);
    const meanLatencyS = latencySum / arrivals.length / 1000;
    expect(arrivals.length).toBeGreaterThanOrEqual(60 * (10 / (1 + meanLatencyS)) * 0.95);
  });
});
