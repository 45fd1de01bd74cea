/**
 * Reading an account through a role assumed from the dashboard's own identity, against moto's
 * STS and Lambda APIs (realstack/moto.ts): the role's temporary credentials are used for the
 * reads, kept while valid and renewed before they expire.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAckFunction, MOTO_CREDENTIALS, startMoto, type MotoServer } from "@/realstack/moto";
import { assumedRoleCredentials, parseAccountRoles } from "./assume-role";
import { SdkLambdaReadApi } from "./lambda-api";

let moto: MotoServer;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "assume-role-"));
  moto = await startMoto({ dir });
  await createAckFunction(moto, { name: "orders", namespace: "team-a" });
}, 60_000);

afterAll(async () => {
  await moto?.process.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("ACK_FLEET_AWS_ROLES", () => {
  it("parses a role (and external ID) per account, and names what is wrong", () => {
    expect(parseAccountRoles('{"123456789012":{"roleArn":"arn:aws:iam::123456789012:role/fleet-reader","externalId":"xid"}}')).toEqual({
      "123456789012": { roleArn: "arn:aws:iam::123456789012:role/fleet-reader", externalId: "xid" },
    });
    expect(parseAccountRoles(null)).toEqual({});
    expect(() => parseAccountRoles("{")).toThrow(/must be JSON/);
    expect(() => parseAccountRoles('{"12":{"roleArn":"arn:aws:iam::123456789012:role/r"}}')).toThrow(/12-digit/);
    expect(() => parseAccountRoles('{"123456789012":{"roleArn":"fleet-reader"}}')).toThrow(/IAM role ARN/);
  });
});

describe("assumed role credentials (moto STS)", () => {
  it("assumes the role once, keeps the credentials while valid, and renews them before they expire", async () => {
    const base = new STSClient({ region: moto.region, endpoint: moto.url, credentials: MOTO_CREDENTIALS });
    let calls = 0;
    const sts = { send: ((cmd: never) => (calls++, base.send(cmd))) as STSClient["send"] };
    let t = Date.now();
    const creds = assumedRoleCredentials({ role: { roleArn: moto.roleArn, externalId: "fleet" }, region: moto.region, stsEndpoint: moto.url, sts, now: () => t });
    const [a, b] = await Promise.all([creds(), creds()]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(a.accessKeyId).not.toBe(MOTO_CREDENTIALS.accessKeyId);
    expect(a.sessionToken.length).toBeGreaterThan(10);
    t = a.expiration.getTime() - 6 * 60_000;
    expect(await creds()).toBe(a);
    t = a.expiration.getTime() - 4 * 60_000;
    expect(await creds()).not.toBe(a);
    expect(calls).toBe(2);
    base.destroy();
  });

  it("reads an account's functions through its role", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    // The dashboard's own identity, as the SDK's default chain finds it (in a pod: IRSA / Pod Identity).
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
    try {
      const read = new SdkLambdaReadApi({ endpoint: moto.url, credentials: {}, roles: { [moto.accountId]: { roleArn: moto.roleArn } }, stsEndpoint: moto.url });
      const got = await read.getFunction({ accountId: moto.accountId, region: moto.region, functionName: "orders" });
      expect(got).toMatchObject({ kind: "found", state: "Active" });
      const used = await read.client(moto.accountId, moto.region).config.credentials();
      expect(used.sessionToken).toBeTruthy();
      expect(used.accessKeyId).not.toBe(MOTO_CREDENTIALS.accessKeyId);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });
});
