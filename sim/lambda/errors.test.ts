/**
 * Every error shape as the real SDK surfaces it, and raw HTTP abuse that must get a proper
 * error response, never a crash.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  InvalidRequestContentException,
  LambdaServiceException,
  ListFunctionsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { ACCOUNT_A, ACCOUNT_B, KEY_A, KEY_UNKNOWN, OTHER_REGION, REGION, authHeader, caught, startSim, type SimHarness } from "./testkit";

let h: SimHarness;

beforeAll(async () => {
  h = await startSim();
  h.sim.putFunction(ACCOUNT_A, REGION, { FunctionName: "billing" });
});

afterAll(async () => {
  await h.close();
});

async function raw(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set("authorization", init.auth ?? authHeader());
  const res = await fetch(`${h.sim.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe("Lambda errors through the SDK", () => {
  it("ResourceNotFoundException 404 with AWS's message", async () => {
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: "ghost" })));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e.message).toBe(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:ghost`);
    expect((e as unknown as ResourceNotFoundException).Type).toBe("User");
    expect((e as unknown as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it("a function ARN of another region is unreachable (ResourceNotFoundException)", async () => {
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:${OTHER_REGION}:${ACCOUNT_A}:function:billing` })));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e.message).toBe(`Functions from '${OTHER_REGION}' are not reachable in this region ('${REGION}')`);
  });

  it("a function ARN of another account is denied", async () => {
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT_B}:function:billing` })));
    expect(e).toBeInstanceOf(LambdaServiceException);
    expect(e.name).toBe("AccessDeniedException");
  });

  it("ResourceConflictException 409 when creating an existing name", async () => {
    const e = await caught(() =>
      h.client().send(new CreateFunctionCommand({ FunctionName: "billing", Role: `arn:aws:iam::${ACCOUNT_A}:role/x`, Runtime: "nodejs20.x", Handler: "index.handler", Code: { ZipFile: new Uint8Array([80, 75, 3, 4]) } })),
    );
    expect(e).toBeInstanceOf(ResourceConflictException);
    expect(e.message).toBe("Function already exist: billing");
  });

  it("InvalidParameterValueException 400 for a Zip function without Runtime", async () => {
    const e = await caught(() => h.client().send(new CreateFunctionCommand({ FunctionName: "no-runtime", Role: `arn:aws:iam::${ACCOUNT_A}:role/x`, Code: { S3Bucket: "b", S3Key: "k.zip" } })));
    expect(e).toBeInstanceOf(InvalidParameterValueException);
    expect(e.message).toContain("Runtime and Handler are mandatory");
  });

  it("ValidationException for a name that breaks the FunctionName pattern", async () => {
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: "bad name!" })));
    expect(e).toBeInstanceOf(LambdaServiceException);
    expect(e.name).toBe("ValidationException");
    expect(e.message).toContain("failed to satisfy constraint");
  });

  it("InvalidParameterValueException for a forged Marker", async () => {
    const e = await caught(() => h.client().send(new ListFunctionsCommand({ Marker: "not-a-marker" })));
    expect(e).toBeInstanceOf(InvalidParameterValueException);
  });

  it("AccessDeniedException 403 for a denied account, and back after", async () => {
    h.sim.setAccessDenied(ACCOUNT_A, true);
    const e = await caught(() => h.client().send(new GetFunctionCommand({ FunctionName: "billing" })));
    h.sim.setAccessDenied(ACCOUNT_A, false);
    expect(e).toBeInstanceOf(LambdaServiceException);
    expect(e.name).toBe("AccessDeniedException");
    expect(e.message).toContain(`is not authorized to perform: lambda:GetFunction on resource: arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:billing`);
    expect((e as unknown as LambdaServiceException).$metadata.httpStatusCode).toBe(403);
    await expect(h.client().send(new GetFunctionCommand({ FunctionName: "billing" }))).resolves.toBeTruthy();
  });

  it("UnrecognizedClientException 403 for an unknown access key, without echoing it", async () => {
    const e = await caught(() => h.client(KEY_UNKNOWN).send(new ListFunctionsCommand({})));
    expect(e).toBeInstanceOf(LambdaServiceException);
    expect(e.name).toBe("UnrecognizedClientException");
    expect((e as unknown as LambdaServiceException).$metadata.httpStatusCode).toBe(403);
    expect(e.message).not.toContain(KEY_UNKNOWN);
  });
});

describe("raw HTTP", () => {
  it("missing Authorization → 403 MissingAuthenticationTokenException", async () => {
    const r = await raw("/2015-03-31/functions/billing", { auth: null });
    expect(r.status).toBe(403);
    expect(r.type).toBe("MissingAuthenticationTokenException");
    expect(r.body.message).toBe("Missing Authentication Token");
  });

  it("a malformed Authorization header → 400 IncompleteSignatureException", async () => {
    const r = await raw("/2015-03-31/functions/billing", { auth: "Bearer abc" });
    expect(r.status).toBe(400);
    expect(r.type).toBe("IncompleteSignatureException");
  });

  it("a credential scoped to another service → 403", async () => {
    const r = await raw("/2015-03-31/functions/billing", { auth: `AWS4-HMAC-SHA256 Credential=${KEY_A}/20250301/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=00` });
    expect(r.status).toBe(403);
    expect(r.type).toBe("InvalidSignatureException");
  });

  it("malformed JSON → 400 InvalidRequestContentException, also via the SDK class name", async () => {
    const r = await raw("/2015-03-31/functions", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(r.status).toBe(400);
    expect(r.type).toBe("InvalidRequestContentException");
    expect(r.body.Type).toBe("User");
    expect(String(r.body.message)).toContain("Could not parse request body into json");
    expect(InvalidRequestContentException.name).toBe(r.type);
  });

  it("a JSON body of the wrong shape → 400, not a crash", async () => {
    for (const body of ["[1,2]", "42", '{"FunctionName": 7}', '{"FunctionName":"x","Role":"arn:aws:iam::111111111111:role/r","Code":"zip"}']) {
      const r = await raw("/2015-03-31/functions", { method: "POST", body });
      expect(r.status, body).toBe(400);
      expect(r.type, body).toBe("InvalidRequestContentException");
    }
  });

  it("unknown path or method → 404 UnknownOperationException", async () => {
    for (const [method, path] of [["GET", "/nope"], ["PATCH", "/2015-03-31/functions/billing"], ["GET", "/2015-03-31/functions/billing/extra/deep"]]) {
      const r = await raw(path, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.type).toBe("UnknownOperationException");
    }
  });

  it("bad percent-encoding and out-of-range MaxItems → 400", async () => {
    expect((await raw("/2015-03-31/functions/%E0%A4%A")).status).toBe(400);
    const r = await raw("/2015-03-31/functions?MaxItems=0");
    expect(r.status).toBe(400);
    expect(r.type).toBe("ValidationException");
    expect((await raw("/2015-03-31/functions?MaxItems=abc")).status).toBe(400);
  });

  it("a path starting with // is an unknown operation, not another host", async () => {
    const r = await raw("//2015-03-31/functions");
    expect(r.status).toBe(404);
    expect(r.type).toBe("UnknownOperationException");
  });

  it("survives garbage bytes and a client that leaves mid-body", async () => {
    const { port } = h.sim;
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => s.end("\x00\x01 not http at all\r\n\r\n"));
      s.on("close", () => resolve());
      s.on("error", () => resolve());
      s.resume();
    });
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.write(`POST /2015-03-31/functions HTTP/1.1\r\nHost: x\r\nAuthorization: ${authHeader()}\r\nContent-Length: 1000\r\n\r\n{"FunctionName":`);
        setTimeout(() => s.destroy(), 20);
      });
      s.on("close", () => resolve());
      s.on("error", () => resolve());
    });
  });

  it("is still serving after all of the above", async () => {
    const r = await raw("/2015-03-31/functions/billing");
    expect(r.status).toBe(200);
    expect((r.body.Configuration as { FunctionName: string }).FunctionName).toBe("billing");
  });
});
