import { describe, expect, it } from "vitest";
import { EKS_TOKEN_PREFIX, eksToken } from "./eks-token";

/**
 * The known vector: botocore 1.43 (what `aws eks get-token` runs), made with
 *   SigV4QueryAuth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "sts",
 *   "eu-west-1", expires=60) on GET https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15
 *   with header x-k8s-aws-id: prod-eu, at 2026-01-02T03:04:05Z
 * (AKIDEXAMPLE and its secret are the example keys of the AWS SigV4 test suite).
 */
const BOTOCORE_URL =
  "https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260102%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20260102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=bb4a9d798eb5344788af0792214fc253000310ce5d97940fb5e485824ca14950";
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const signingDate = new Date("2026-01-02T03:04:05Z");

const urlOf = (token: string) => new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), "base64url").toString());
const paramsOf = (u: URL) => Object.fromEntries([...u.searchParams.entries()].sort());

describe("eksToken", () => {
  it("is the presigned GetCallerIdentity URL that aws eks get-token makes, signature included", async () => {
    const token = await eksToken({ clusterName: "prod-eu", region: "eu-west-1", credentials, signingDate });
    expect(token.startsWith("k8s-aws-v1.")).toBe(true);
    expect(token).not.toMatch(/[=+/]/);
    const mine = urlOf(token);
    const theirs = new URL(BOTOCORE_URL);
    expect(mine.origin + mine.pathname).toBe(theirs.origin + theirs.pathname);
    expect(paramsOf(mine)).toEqual(paramsOf(theirs));
    expect(mine.searchParams.get("X-Amz-Signature")).toBe("bb4a9d798eb5344788af0792214fc253000310ce5d97940fb5e485824ca14950");
  });

  it("signs the cluster name: another cluster, another signature", async () => {
    const other = await eksToken({ clusterName: "prod-us", region: "eu-west-1", credentials, signingDate });
    expect(urlOf(other).searchParams.get("X-Amz-Signature")).not.toBe("bb4a9d798eb5344788af0792214fc253000310ce5d97940fb5e485824ca14950");
  });

  it("carries a session token of temporary credentials (IRSA, an assumed role)", async () => {
    const token = await eksToken({ clusterName: "prod-eu", region: "eu-west-1", credentials: { ...credentials, sessionToken: "FQoGZXIvYXdzEXAMPLE" }, signingDate });
    expect(urlOf(token).searchParams.get("X-Amz-Security-Token")).toBe("FQoGZXIvYXdzEXAMPLE");
  });
});
