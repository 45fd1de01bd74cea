import { describe, expect, it } from "vitest";
import { maxInAnyWindow } from "@/test/sliding-window";
import { awsView } from "@/lib/domain/signals";
import { AwsStateReader, type AwsReaderOptions } from "./reader";
import { listedName } from "./list-sweep";
import type { FunctionLocator, GetFunctionOutcome, LambdaReadApi, ListFunctionsOutcome } from "./lambda-api";
import { Clock, run, settle } from "./reader-testkit";
import { readAwsConfig } from "@/lib/domain/function-config/read";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";

/** A fake Lambda of one account and region: GetFunction and ListFunctions (50 a page) over the same functions. */
class FakeLambda implements LambdaReadApi {
  readonly functions = new Map<string, { revisionId: string; state: string }>();
  gets: Array<{ name: string; at: number }> = [];
  lists: number[] = [];
  listAccounts: string[] = [];
  /** Page numbers (0-based) that fail, once each. */
  failPages = new Set<number>();
  /** GetFunction never answers (to see what the listing alone tells). */
  getHangs = false;
  constructor(private readonly clock: Clock) {}

  async getFunction(loc: FunctionLocator): Promise<GetFunctionOutcome> {
    this.gets.push({ name: loc.functionName, at: this.clock.t });
    if (this.getHangs) return new Promise(() => {});
    const f = this.functions.get(loc.functionName);
    if (!f) return { kind: "not-found" };
    return { kind: "found", state: f.state, stateReason: null, stateReasonCode: null, lastUpdateStatus: "Successful", lastUpdateStatusReason: null, lastUpdateStatusReasonCode: null, codeSha256: "sha", revisionId: f.revisionId, lastModified: null, tags: {} };
  }

  async listFunctions(accountId: string, region: string, marker: string | null): Promise<ListFunctionsOutcome> {
    this.lists.push(this.clock.t);
    this.listAccounts.push(`${accountId}/${region}`);
    const page = marker === null ? 0 : Number(marker);
    if (this.failPages.delete(page)) return { kind: "error", code: "ServiceException", message: "internal error" };
    const names = [...this.functions.keys()].sort();
    const items = names.slice(page * 50, page * 50 + 50).map((name) => ({ functionName: name, codeSha256: "sha", revisionId: this.functions.get(name)!.revisionId, lastModified: null, config: readAwsConfig({ FunctionName: name, Runtime: "nodejs22.x" }) }));
    return { kind: "page", functions: items, nextMarker: (page + 1) * 50 < names.length ? String(page + 1) : null };
  }

  getNames(): string[] {
    return this.gets.map((g) => g.name);
  }
}

function setup(opts: Partial<AwsReaderOptions> = {}) {
  const clock = new Clock();
  const lambda = new FakeLambda(clock);
  const reader = new AwsStateReader(lambda, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 3_600_000, refreshUnhealthyMs: 15_000, listRequestsPerSecond: 5, listEveryMs: 60_000, now: clock.now, ...opts });
  const add = (name: string, urgent = false) => reader.upsert({ id: `c/ns/${name}`, loc: { accountId: ACCOUNT, region: REGION, functionName: name }, urgent });
  return { clock, lambda, reader, add };
}

const SETTINGS = { pendingTimeoutMs: 600_000, deletionTimeoutMs: 600_000, awsStaleAfterMs: 1_800_000 };

describe("AwsStateReader with ListFunctions", () => {
  it("learns every Function's existence from a listing within seconds, and reads State with GetFunction", async () => {
    const { clock, lambda, reader, add } = setup();
    for (let i = 0; i < 1000; i++) {
      const name = `f${String(i).padStart(4, "0")}`;
      lambda.functions.set(name, { revisionId: "r1", state: "Active" });
      add(name);
    }
    add("gone");
    const goneSeen: Array<{ at: number; exists: boolean; via?: string }> = [];
    reader.subscribe({ stateChanged: (id, st) => void (id === "c/ns/gone" && goneSeen.push({ at: clock.t - 1_000_000, exists: st.exists, via: st.via })) });
    await run(reader, clock, 5000);
    // 21 pages at most 5 a second: every Function's existence in about 4 s; GetFunction has read about 50.
    expect(reader.progress()).toMatchObject({ targets: 1001, existenceKnown: 1001 });
    expect(reader.progress().stateKnown).toBeLessThan(100);
    expect(maxInAnyWindow(lambda.lists)).toBeLessThanOrEqual(5);
    // The missing one is known when the listing ends, then read with GetFunction at once, to confirm.
    expect(goneSeen[0]).toEqual({ at: expect.any(Number), exists: false, via: "ListFunctions" });
    expect(goneSeen[0].at).toBeLessThan(5000);
    expect(reader.get("c/ns/gone")).toMatchObject({ exists: false, error: null });
    expect(awsView(reader.get("c/ns/gone"), clock.t, SETTINGS).known).toBe(true);
    // A listed one is known to exist, but its row shows nothing until GetFunction reads its State (the verdicts need it).
    expect(reader.get("c/ns/f0999")).toBeNull();
    // GetFunction keeps its own budget, the listing did not take from it.
    expect(maxInAnyWindow(lambda.gets.map((g) => g.at))).toBeLessThanOrEqual(10);
    expect(lambda.gets.length).toBeGreaterThanOrEqual(45);
    expect(lambda.gets.find((g) => g.name === "gone")!.at - 1_000_000).toBeLessThan(goneSeen[0].at + 200);
    await run(reader, clock, 100_000, 20);
    expect(reader.progress()).toEqual({ targets: 1001, existenceKnown: 1001, stateKnown: 1001 });
    expect(reader.get("c/ns/f0999")).toMatchObject({ exists: true, state: "Active" });
    expect(reader.get("c/ns/f0999")?.via).toBeUndefined();
  });

  it("sweeps every account and region at once, each within its own list budget", async () => {
    const { clock, lambda, reader } = setup({ listRequestsPerSecond: 5 });
    const accounts = ["111111111111", "222222222222", "333333333333"];
    for (let i = 0; i < 500; i++) lambda.functions.set(`f${String(i).padStart(3, "0")}`, { revisionId: "r1", state: "Active" });
    for (const accountId of accounts) for (const name of lambda.functions.keys()) reader.upsert({ id: `${accountId}/${name}`, loc: { accountId, region: REGION, functionName: name }, urgent: false });
    // 10 pages per account and region at 5 a second: about 2 s for all three, not 6 s one after another.
    await run(reader, clock, 2500);
    expect(reader.progress()).toMatchObject({ targets: 1500, existenceKnown: 1500 });
    for (const a of accounts) {
      const times = lambda.lists.filter((_, i) => lambda.listAccounts[i] === `${a}/${REGION}`);
      expect(times).toHaveLength(10);
      expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
    }
  });

  it("says a Function is missing only when the listing reached its last page without an error", async () => {
    const { clock, lambda, reader, add } = setup({ listEveryMs: 10_000, concurrency: 1 });
    lambda.getHangs = true; // only the listing speaks
    for (let i = 0; i < 120; i++) {
      const name = `f${String(i).padStart(3, "0")}`;
      lambda.functions.set(name, { revisionId: "r1", state: "Active" });
      add(name);
    }
    add("zz-gone");
    lambda.failPages.add(2);
    await run(reader, clock, 3000);
    expect(lambda.lists).toHaveLength(3); // pages 0, 1, then 2 failed: the sweep is abandoned
    expect(reader.progress()).toEqual({ targets: 121, existenceKnown: 100, stateKnown: 0 });
    expect(reader.get("c/ns/zz-gone")).toBeNull();
    while (lambda.lists.length < 4) await run(reader, clock, 10); // the next sweep's first page
    // A Function whose page went by already: listed all the same when the sweep ends.
    reader.upsert({ id: "c/other/f001", loc: { accountId: ACCOUNT, region: REGION, functionName: "f001" }, urgent: false });
    await run(reader, clock, 2000);
    expect(lambda.lists.length).toBe(6); // the next sweep, whole
    expect(reader.get("c/ns/zz-gone")).toMatchObject({ exists: false, via: "ListFunctions" });
    expect(reader.progress()).toEqual({ targets: 122, existenceKnown: 122, stateKnown: 1 });
  });

  it("spends GetFunction first on a Function a listing shows changed, and never lets a listing overwrite GetFunction's State", async () => {
    const { clock, lambda, reader, add } = setup({ listEveryMs: 5_000 });
    for (const name of ["a", "b", "c"]) {
      lambda.functions.set(name, { revisionId: "r1", state: "Active" });
      add(name);
    }
    await run(reader, clock, 2000);
    expect(lambda.getNames().sort()).toEqual(["a", "b", "c"]);
    expect(reader.get("c/ns/b")).toMatchObject({ state: "Active", revisionId: "r1" });
    // b is updated in AWS (a new revision, Pending again); the next listing sees it: only b is read again.
    lambda.functions.set("b", { revisionId: "r2", state: "Pending" });
    lambda.functions.delete("c");
    await run(reader, clock, 6000);
    expect(lambda.getNames().slice(3).sort()).toEqual(["b", "c"]);
    expect(reader.get("c/ns/b")).toMatchObject({ state: "Pending", revisionId: "r2" });
    expect(reader.get("c/ns/b")?.via).toBeUndefined();
    expect(reader.get("c/ns/a")).toMatchObject({ state: "Active" });
    expect(reader.get("c/ns/a")?.via).toBeUndefined();
    expect(reader.get("c/ns/c")).toMatchObject({ exists: false, error: null });
    // c is created again: the next listing has it, and GetFunction reads it at once.
    lambda.functions.set("c", { revisionId: "r9", state: "Pending" });
    await run(reader, clock, 6000);
    expect(reader.get("c/ns/c")).toMatchObject({ exists: true, state: "Pending", revisionId: "r9" });
  });

  it("knows which names ListFunctions lists a locator under", () => {
    expect(listedName("orders")).toBe("orders");
    expect(listedName("arn:aws:lambda:eu-west-1:111111111111:function:orders")).toBe("orders");
    expect(listedName("arn:aws:lambda:eu-west-1:111111111111:function:orders:live")).toBeNull();
    expect(listedName("111111111111:function:orders")).toBeNull();
  });
});
