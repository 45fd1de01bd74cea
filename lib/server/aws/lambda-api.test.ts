/**
 * The adapter's two reads (GetFunction, ListFunctions) go out as one signed GET each and are
 * read with JSON.parse, without the SDK command's middleware and deserializer: no
 * LambdaClient.send on the read path, and for the same answers (the simulator's and hand-made
 * ones: found, not found, throttled with Retry-After, denied, server errors, a non-JSON error
 * page, an unreachable endpoint) the same outcomes as the SDK's commands mapped the way the
 * adapter mapped them before (`sdkOutcome` below).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readAwsConfig } from "@/lib/domain/function-config/read";
import { ACCOUNT_A, KEY_A, REGION, startSim, type SimHarness } from "@/sim/lambda/testkit";
import { classifyAwsError, SdkLambdaReadApi, type FunctionLocator, type GetFunctionOutcome, type ListFunctionsOutcome, type ListedFunction } from "./lambda-api";

const SECRET_KEY = "sim-secret-key-never-in-an-outcome";
const credentials = { [ACCOUNT_A]: { accessKeyId: KEY_A, secretAccessKey: SECRET_KEY } };
const adapter = (endpoint: string) => new SdkLambdaReadApi({ endpoint, credentials, requestTimeoutMs: 3_000 });

const s = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The SDK's commands, mapped to outcomes as the adapter did with them before round 10. */
async function sdkOutcome(endpoint: string, op: { get: FunctionLocator } | { list: string | null }): Promise<GetFunctionOutcome | ListFunctionsOutcome> {
  const client = new LambdaClient({ region: REGION, endpoint, maxAttempts: 1, credentials: credentials[ACCOUNT_A] });
  try {
    if ("get" in op) {
      try {
        const out = await client.send(new GetFunctionCommand({ FunctionName: op.get.functionName }), { abortSignal: AbortSignal.timeout(3_000) });
        const c = out.Configuration ?? {};
        return {
          kind: "found",
          state: s(c.State),
          stateReason: s(c.StateReason),
          stateReasonCode: s(c.StateReasonCode),
          lastUpdateStatus: s(c.LastUpdateStatus),
          lastUpdateStatusReason: s(c.LastUpdateStatusReason),
          lastUpdateStatusReasonCode: s(c.LastUpdateStatusReasonCode),
          codeSha256: s(c.CodeSha256),
          revisionId: s(c.RevisionId),
          lastModified: s(c.LastModified),
          tags: { ...(out.Tags ?? {}) },
          config: readAwsConfig(out.Configuration, out.Code),
        };
      } catch (err) {
        return classifyAwsError(err);
      }
    }
    try {
      const out = await client.send(new ListFunctionsCommand({ MaxItems: 50, ...(op.list ? { Marker: op.list } : {}) }), { abortSignal: AbortSignal.timeout(3_000) });
      const functions: ListedFunction[] = [];
      for (const c of out.Functions ?? []) {
        if (typeof c.FunctionName !== "string") continue;
        functions.push({ functionName: c.FunctionName, codeSha256: s(c.CodeSha256), revisionId: s(c.RevisionId), lastModified: s(c.LastModified), config: readAwsConfig(c) });
      }
      return { kind: "page", functions, nextMarker: s(out.NextMarker) };
    } catch (err) {
      const outcome = classifyAwsError(err);
      return outcome.kind === "throttled" || outcome.kind === "error" ? outcome : { kind: "error", code: "ResourceNotFoundException", message: "ListFunctions answered 404" };
    }
  } finally {
    client.destroy();
  }
}

const loc = (functionName: string): FunctionLocator => ({ accountId: ACCOUNT_A, region: REGION, functionName });

let h: SimHarness;
beforeAll(async () => {
  h = await startSim({ defaultPendingMs: 0 });
  for (let i = 0; i < 120; i++) {
    h.sim.seedFunction(
      ACCOUNT_A,
      REGION,
      {
        FunctionName: `fn-${String(i).padStart(3, "0")}`,
        MemorySize: 128 + i,
        Environment: { Variables: { DB_PASSWORD: "env-value-secret", LEVEL: "x" } },
        Layers: [{ Arn: `arn:aws:lambda:${REGION}:${ACCOUNT_A}:layer:otel:${i}` }],
      },
      { tags: { team: `t${i % 3}`, "services.k8s.aws/controller-version": "lambda-1.5.0" } },
    );
  }
  h.sim.setState(ACCOUNT_A, REGION, "fn-007", { State: "Failed", StateReason: "bad subnet", StateReasonCode: "SubnetOutOfIPAddresses" });
});
afterAll(async () => h?.close());
afterEach(() => {
  vi.restoreAllMocks();
  h.sim.setAccessDenied(ACCOUNT_A, false);
  h.sim.setRateLimits({ getFunctionPerSec: 1_000, controlPlanePerSec: 1_000 });
});

describe("the adapter's reads", () => {
  it("send no SDK command: the reads go through no LambdaClient.send (no middleware stack, no schema deserializer)", async () => {
    const send = vi.spyOn(LambdaClient.prototype, "send");
    const api = adapter(h.sim.url);
    expect(await api.getFunction(loc("fn-001"))).toMatchObject({ kind: "found", state: "Active" });
    const page = await api.listFunctions(ACCOUNT_A, REGION, null);
    expect(page).toMatchObject({ kind: "page" });
    expect(page.kind === "page" ? page.functions.length : 0).toBe(50);
    expect(send).not.toHaveBeenCalled();
  });

  it("answer what the SDK's commands answer for the simulator's Functions: found, by ARN, failed, not found, every page of the list", async () => {
    const api = adapter(h.sim.url);
    for (const name of ["fn-000", "fn-007", "fn-119", `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fn-042`, "missing", "fn-001:$LATEST"]) {
      const mine = await api.getFunction(loc(name));
      expect(mine).toEqual(await sdkOutcome(h.sim.url, { get: loc(name) }));
      expect(JSON.stringify(mine)).not.toContain("env-value-secret");
    }
    expect((await api.getFunction(loc("fn-007"))) as unknown).toMatchObject({ kind: "found", state: "Failed", stateReasonCode: "SubnetOutOfIPAddresses", tags: { team: "t1" } });
    let marker: string | null = null;
    let pages = 0;
    let listed = 0;
    do {
      const mine = await api.listFunctions(ACCOUNT_A, REGION, marker);
      expect(mine).toEqual(await sdkOutcome(h.sim.url, { list: marker }));
      if (mine.kind !== "page") throw new Error(mine.kind);
      listed += mine.functions.length;
      marker = mine.nextMarker;
      pages++;
    } while (marker && pages < 10);
    expect([pages, listed]).toEqual([3, 120]);
  });

  it("map throttling (with its Retry-After) and access denied as the SDK's commands do", async () => {
    const api = adapter(h.sim.url);
    h.sim.setRateLimits({ getFunctionPerSec: 1, controlPlanePerSec: 1 });
    await api.getFunction(loc("fn-001"));
    await api.listFunctions(ACCOUNT_A, REGION, null);
    const throttledGet = await api.getFunction(loc("fn-002"));
    expect(throttledGet).toMatchObject({ kind: "throttled" });
    expect(throttledGet).toEqual(await sdkOutcome(h.sim.url, { get: loc("fn-002") }));
    const throttledList = await api.listFunctions(ACCOUNT_A, REGION, null);
    expect(throttledList).toMatchObject({ kind: "throttled" });
    expect(throttledList.kind === "throttled" ? throttledList.retryAfterMs : null).toBeGreaterThan(0);
    expect(throttledList).toEqual(await sdkOutcome(h.sim.url, { list: null }));
    h.sim.setRateLimits({ getFunctionPerSec: 1_000, controlPlanePerSec: 1_000 });
    h.sim.setAccessDenied(ACCOUNT_A, true);
    const denied = await api.listFunctions(ACCOUNT_A, REGION, null);
    expect(denied).toMatchObject({ kind: "error", code: "AccessDeniedException" });
    expect(denied).toEqual(await sdkOutcome(h.sim.url, { list: null }));
    expect(await api.getFunction(loc("fn-003"))).toEqual(await sdkOutcome(h.sim.url, { get: loc("fn-003") }));
  });

  it("map hand-made error answers and an unreachable endpoint as the SDK's commands do, with no credential in any outcome", async () => {
    const answers: Array<{ status: number; headers: Record<string, string>; body: string }> = [
      { status: 429, headers: { "x-amzn-errortype": "TooManyRequestsException", "retry-after": "3", "content-type": "application/json" }, body: '{"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}' },
      { status: 429, headers: { "content-type": "application/json" }, body: '{"Message":"slow down"}' },
      { status: 404, headers: { "x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awslambda/", "content-type": "application/json" }, body: '{"Type":"User","Message":"Function not found: x"}' },
      { status: 500, headers: { "x-amzn-errortype": "ServiceException", "content-type": "application/json" }, body: '{"message":"internal failure"}' },
      { status: 403, headers: { "content-type": "application/json" }, body: '{"__type":"com.amazon.coral#AccessDeniedException","message":"no"}' },
      { status: 502, headers: { "content-type": "text/html" }, body: "<html><body>Bad Gateway</body></html>" },
      { status: 400, headers: { "content-type": "application/json" }, body: '{"code":"InvalidParameterValueException","message":"bad name"}' },
    ];
    let next = answers[0];
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(next.status, next.headers).end(next.body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const api = adapter(url);
      for (const answer of answers) {
        next = answer;
        const get = await api.getFunction(loc("fn-x"));
        expect(get, answer.body).toEqual(await sdkOutcome(url, { get: loc("fn-x") }));
        const list = await api.listFunctions(ACCOUNT_A, REGION, "m1");
        expect(list, answer.body).toEqual(await sdkOutcome(url, { list: "m1" }));
        expect(JSON.stringify([get, list])).not.toContain(SECRET_KEY);
      }
      expect(await api.getFunction(loc("fn-x"))).toMatchObject({ kind: "error", code: "InvalidParameterValueException" });
    } finally {
      await new Promise((r) => server.close(r));
    }
    const down = adapter(url);
    const unreachable = await down.getFunction(loc("fn-x"));
    expect(unreachable).toEqual({ kind: "error", code: "EndpointUnreachable", message: "the Lambda API endpoint refused the connection" });
    expect(unreachable).toEqual(await sdkOutcome(url, { get: loc("fn-x") }));
    expect(await down.listFunctions(ACCOUNT_A, REGION, null)).toEqual(await sdkOutcome(url, { list: null }));
  });
});

describe("the adapter's signed GET keeps what the SDK's commands did", () => {
  it("corrects its signing clock from AWS's Date header, as the SDK's signer does: a skewed machine clock fails one request, not every one", async () => {
    const ahead = 2 * 3600_000;
    const signedAt: number[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      const amzDate = String(req.headers["x-amz-date"]);
      signedAt.push(Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z")));
      const serverNow = Date.now() + ahead;
      const skewed = Math.abs(signedAt.at(-1)! - serverNow) > 300_000;
      res.sendDate = false;
      const headers = { "content-type": "application/json", date: new Date(serverNow).toUTCString() };
      if (skewed) res.writeHead(403, { ...headers, "x-amzn-errortype": "InvalidSignatureException" }).end('{"message":"Signature expired"}');
      else res.writeHead(200, headers).end('{"Functions":[],"NextMarker":null}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const api = adapter(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect(await api.listFunctions(ACCOUNT_A, REGION, null)).toMatchObject({ kind: "error", code: "InvalidSignatureException" });
      expect(await api.listFunctions(ACCOUNT_A, REGION, null)).toEqual({ kind: "page", functions: [], nextMarker: null });
      // The second request was signed on the server's clock (to the second of its Date header).
      expect(Math.abs(signedAt[1] - (Date.now() + ahead))).toBeLessThan(60_000);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("uses the FIPS endpoint when the client's settings ask for it (AWS_USE_FIPS_ENDPOINT)", async () => {
    const was = process.env.AWS_USE_FIPS_ENDPOINT;
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    try {
      const api = new SdkLambdaReadApi({ endpoint: null, credentials, requestTimeoutMs: 3_000 });
      const handler = api.client(ACCOUNT_A, REGION).config.requestHandler as unknown as { handle(request: { hostname: string }): Promise<unknown> };
      const hosts: string[] = [];
      vi.spyOn(handler, "handle").mockImplementation(async (request) => {
        hosts.push(request.hostname);
        throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      });
      await api.getFunction(loc("fn-001"));
      expect(hosts).toEqual([`lambda-fips.${REGION}.amazonaws.com`]);
    } finally {
      if (was === undefined) delete process.env.AWS_USE_FIPS_ENDPOINT;
      else process.env.AWS_USE_FIPS_ENDPOINT = was;
    }
  });
});
