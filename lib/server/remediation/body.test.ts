import { describe, expect, it } from "vitest";
import { RemediationBodySchema, parseBody, readJsonBody } from "./body";
import { RemediationError } from "./errors";

const ok = { action: "remove-finalizer", expectedResourceVersion: "12", confirm: "fn", reason: "stuck" };
const err = (fn: () => unknown): RemediationError => {
  try {
    fn();
  } catch (e) {
    return e as RemediationError;
  }
  throw new Error("did not throw");
};

describe("RemediationBodySchema", () => {
  it("accepts the object actions and delete-aws-function with AWS coordinates", () => {
    expect(parseBody(RemediationBodySchema, ok)).toEqual(ok);
    const aws = { action: "delete-aws-function", aws: { accountId: "111122223333", region: "eu-west-1", functionName: "f-1" }, confirm: "f-1", reason: "residual" };
    expect(parseBody(RemediationBodySchema, aws)).toEqual(aws);
  });

  it.each([
    [{ ...ok, action: "rm -rf" }, /action must be one of/],
    [{ ...ok, reason: " " }, /^reason: /],
    [{ ...ok, expectedResourceVersion: undefined }, /^expectedResourceVersion: /],
    [{ ...ok, expectedResourceVersion: "1\n2" }, /never has/],
    [{ ...ok, extra: 1 }, /unknown field\(s\) extra/],
    [{ action: "delete-aws-function", aws: { accountId: "1", region: "eu-west-1", functionName: "f" }, confirm: "f", reason: "x y z" }, /aws.accountId/],
  ])("refuses %j with a clear 400", (body, re) => {
    const e = err(() => parseBody(RemediationBodySchema, body));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(re);
  });
});

describe("readJsonBody", () => {
  const req = (body: string, type = "application/json") => new Request("http://x/", { method: "POST", headers: { "content-type": type }, body });
  it("reads JSON and refuses other types, oversize and malformed bodies", async () => {
    expect(await readJsonBody(req('{"a":1}'))).toEqual({ a: 1 });
    await expect(readJsonBody(req('{"a":1}', "text/plain"))).rejects.toMatchObject({ status: 415 });
    await expect(readJsonBody(req(JSON.stringify({ a: "x".repeat(100) })), 50)).rejects.toMatchObject({ status: 413 });
    await expect(readJsonBody(req("{nope"))).rejects.toMatchObject({ status: 400 });
  });
});
