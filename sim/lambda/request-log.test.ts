import { describe, expect, it } from "vitest";
import { RequestLog, maxInSlidingWindow } from "./request-log";

describe("maxInSlidingWindow", () => {
  it("counts the most times inside any window of the given length", () => {
    expect(maxInSlidingWindow([], 1000)).toBe(0);
    expect(maxInSlidingWindow([0, 100, 999, 1000, 1500, 1999], 1000)).toBe(3); // [0, 1000) and [999, 1999) hold three each
    expect(maxInSlidingWindow([0, 1000, 2000, 3000], 1000)).toBe(1);
    expect(maxInSlidingWindow([5, 5, 5], 1)).toBe(3);
  });
});

describe("RequestLog", () => {
  it("summarises per account and region: requests, throttled, window maximum, functions first read", () => {
    const log = new RequestLog();
    for (let i = 0; i < 12; i++) log.record("111111111111", "us-east-1", "GetFunction", 1000 + i * 50, { throttled: i === 11, functionName: `f${i % 5}` });
    log.record("111111111111", "eu-west-1", "GetFunction", 5000, { throttled: false, functionName: "g" });
    log.record("111111111111", "us-east-1", "ListFunctions", 6000, { throttled: false });
    const s = log.summary(1000);
    const us = s.scopes.find((x) => x.region === "us-east-1");
    expect(us?.operations.GetFunction).toMatchObject({ requests: 12, throttled: 1, maxInWindow: 12, firstAt: 1000, lastAt: 1550 });
    expect(us?.operations.ListFunctions.requests).toBe(1);
    expect(us?.functionsRead).toBe(5);
    expect(us?.lastFirstReadAt).toBe(1200);
    // Up to the last first read (f4 at 1200): five answered reads, none a re-read; f0 again at 1250 comes after.
    expect(us?.firstPass).toEqual({ requests: 5, rereads: 0 });
    expect(s.scopes.find((x) => x.region === "eu-west-1")?.functionsRead).toBe(1);
    expect(s.truncated).toBe(false);
  });

  it("tells re-reads during the first pass apart, and when a whole listing was first walked", () => {
    const log = new RequestLog();
    for (const [i, name] of ["a", "b", "a", "c", "a"].entries()) log.record("1", "r", "GetFunction", i * 100, { throttled: false, functionName: name });
    log.record("1", "r", "ListFunctions", 600, { throttled: false });
    expect(log.summary().scopes[0].firstListCompletedAt).toBeNull();
    log.listCompleted("1", "r", 700);
    log.listCompleted("1", "r", 900);
    expect(log.summary().scopes[0]).toMatchObject({ firstPass: { requests: 4, rereads: 1 }, firstListCompletedAt: 700 });
  });

  it("a throttled GetFunction does not count as a read", () => {
    const log = new RequestLog();
    log.record("1", "r", "GetFunction", 0, { throttled: true, functionName: "f" });
    expect(log.summary().scopes[0].functionsRead).toBe(0);
  });

  it("stops keeping times past its bound and says so, but keeps counting", () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.record("1", "r", "GetFunction", i, { throttled: false, functionName: "f" });
    const s = log.summary();
    expect(s.truncated).toBe(true);
    expect(s.scopes[0].operations.GetFunction).toMatchObject({ requests: 5, maxInWindow: 3 });
  });
});
