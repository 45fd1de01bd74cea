import { describe, expect, it } from "vitest";
import { RequestLog } from "../../sim/lambda/request-log";
import { existenceSeen } from "./aws-view";

const A = "111122223333";

describe("existenceSeen (bench:fleet's every-existence phase)", () => {
  it("is the last account and Region's first whole listing, from the dashboard's start, with each sweep's first page and pace", () => {
    const log = new RequestLog();
    const start = 1_000_000;
    // us-east-1: 10 pages from +3 s to +5 s; eu-west-1: 2 pages, done at +3.5 s.
    for (let i = 0; i < 10; i++) log.record(A, "us-east-1", "ListFunctions", start + 3000 + i * 200, { throttled: false });
    log.listCompleted(A, "us-east-1", start + 5000);
    log.record(A, "eu-west-1", "ListFunctions", start + 3100, { throttled: false });
    log.record(A, "eu-west-1", "ListFunctions", start + 3300, { throttled: false });
    log.listCompleted(A, "eu-west-1", start + 3500);
    const seen = existenceSeen(log.summary(), [`${A}/us-east-1`, `${A}/eu-west-1`], start);
    expect(seen.existenceMs).toBe(5000);
    expect(seen.firstPageMs).toBe(3000);
    expect(seen.sweeps[0]).toEqual({ scope: `${A}/us-east-1`, firstPageMs: 3000, completeMs: 5000, pages: 10, pagesPerSec: 4.5 });
    expect(seen.sweeps[1]).toMatchObject({ pages: 2, pagesPerSec: 2.5 });
  });

  it("is not known while one account and Region has no whole listing, even one GetFunction never read (the old measure skipped those)", () => {
    const log = new RequestLog();
    log.record(A, "us-east-1", "ListFunctions", 2000, { throttled: false });
    log.listCompleted(A, "us-east-1", 2100);
    log.record(A, "eu-west-1", "ListFunctions", 2000, { throttled: false });
    const seen = existenceSeen(log.summary(), [`${A}/us-east-1`, `${A}/eu-west-1`], 0);
    expect(seen.existenceMs).toBeNull();
    expect(seen.sweeps[1]).toMatchObject({ firstPageMs: 2000, completeMs: null, pagesPerSec: null });
    // A whole listing of one page has no pace (pages over the span printed 1000/s for one page served 1 ms after it was asked).
    expect(seen.sweeps[0]).toMatchObject({ pages: 1, completeMs: 2100, pagesPerSec: null });
    // A scope the listing never reached at all.
    expect(existenceSeen(log.summary(), [`${A}/us-east-1`, `${A}/us-west-2`], 0).existenceMs).toBeNull();
  });
});
