/**
 * The configuration the drift comparison needs comes with GetFunction: the real SDK adapter
 * against the Lambda simulator reads it with one request per read, no GetFunctionConfiguration,
 * and keeps environment variable names without their values.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_A, KEY_A, REGION, startSim, type SimHarness } from "@/sim/lambda/testkit";
import { SdkLambdaReadApi } from "./lambda-api";
import { AwsStateReader } from "./reader";

const SECRET = "pa55-value-never-leaves-the-server";
let h: SimHarness;

beforeAll(async () => {
  h = await startSim({ defaultPendingMs: 0 });
  for (const name of ["fn-a", "fn-b", "fn-c"]) {
    h.sim.seedFunction(ACCOUNT_A, REGION, {
      FunctionName: name,
      MemorySize: 1024,
      Environment: { Variables: { DB_PASSWORD: SECRET, LOG_LEVEL: "debug" } },
      Layers: [{ Arn: `arn:aws:lambda:${REGION}:${ACCOUNT_A}:layer:otel:4` }],
    });
  }
});
afterAll(async () => h?.close());

const api = () => new SdkLambdaReadApi({ endpoint: h.sim.url, credentials: { [ACCOUNT_A]: { accessKeyId: KEY_A, secretAccessKey: "sim-secret-not-checked" } } });

describe("the configuration read with GetFunction", () => {
  it("is in GetFunction's answer: one request, names of environment variables only", async () => {
    h.sim.resetCounts();
    const out = await api().getFunction({ accountId: ACCOUNT_A, region: REGION, functionName: "fn-a" });
    expect(out.kind).toBe("found");
    if (out.kind !== "found") return;
    expect(out.config).toMatchObject({
      memorySize: 1024,
      environmentNames: ["DB_PASSWORD", "LOG_LEVEL"],
      layers: [`arn:aws:lambda:${REGION}:${ACCOUNT_A}:layer:otel:4`],
      ephemeralStorage: 512,
      tracingMode: "PassThrough",
      architectures: ["x86_64"],
    });
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(JSON.stringify(out)).not.toContain("debug");
    const ops = h.sim.requestSummary().scopes.flatMap((s) => Object.entries(s.operations).map(([op, o]) => [op, o.requests]));
    expect(ops).toEqual([["GetFunction", 1]]);
  });

  it("costs the reader no request of its own: per Function, only the GetFunction re-reads of its refresh interval", async () => {
    h.sim.resetCounts();
    const reader = new AwsStateReader(api(), { requestsPerSecond: 50, concurrency: 4, refreshHealthyMs: 400, refreshUnhealthyMs: 400, tickMs: 20 });
    for (const name of ["fn-a", "fn-b", "fn-c"]) reader.upsert({ id: `c/ns/${name}`, loc: { accountId: ACCOUNT_A, region: REGION, functionName: name }, urgent: false });
    const started = Date.now();
    reader.start();
    await new Promise((r) => setTimeout(r, 1_300));
    reader.stop();
    const elapsed = Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
    const scope = h.sim.requestSummary().scopes[0];
    expect(Object.keys(scope.operations)).toEqual(["GetFunction"]);
    // A first read plus one per refresh interval, nothing more, for each of the 3.
    const perFunction = scope.operations.GetFunction.requests / 3;
    expect(perFunction).toBeGreaterThanOrEqual(1);
    expect(perFunction).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 400));
    const state = reader.get("c/ns/fn-b")!;
    expect(state.config?.environmentNames).toEqual(["DB_PASSWORD", "LOG_LEVEL"]);
    expect(JSON.stringify(state)).not.toContain(SECRET);
  });
});
