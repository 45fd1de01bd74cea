/**
 * The dashboard's own AWS adapters against the target: SdkLambdaReadApi.getFunction's outcome
 * classification (lib/server/aws/lambda-api.ts) and the residual clean-up's read and delete
 * (lib/server/aws/delete.ts), with the account credentials the way the dashboard gets them.
 */
import { expect, it } from "vitest";
import { SdkLambdaDeleteApi } from "@/lib/server/aws/delete";
import { compareFunctionConfig, driftedFields } from "@/lib/domain/function-config/compare";
import { readSpecConfig } from "@/lib/domain/function-config/read";
import { SdkLambdaReadApi } from "@/lib/server/aws/lambda-api";
import { freePort } from "../../realstack/process";
import { ackTags, arnOf, CODE_SHA256, createAckFunction, type GetAwsTarget } from "./api";

export function adapterCases(target: GetAwsTarget): void {
  const reader = (endpoint = target().endpoint) =>
    new SdkLambdaReadApi({ endpoint, credentials: { [target().accountId]: target().credentials }, requestTimeoutMs: 5_000 });

  it("classifies GetFunction: found (state, code hash, tags), not-found, unreachable endpoint", async () => {
    const t = target();
    await createAckFunction(t, "classified", "team-x");
    const loc = { accountId: t.accountId, region: t.region, functionName: "classified" };
    const found = await reader().getFunction(loc);
    expect(found).toMatchObject({ kind: "found", codeSha256: CODE_SHA256, tags: ackTags("team-x") });
    expect(["Pending", "Active"]).toContain(found.kind === "found" ? found.state : null);
    expect(await reader().getFunction({ ...loc, functionName: arnOf(t, "classified") })).toMatchObject({ kind: "found" });
    expect(await reader().getFunction({ ...loc, functionName: "missing" })).toEqual({ kind: "not-found" });
    // Nothing listens on a port that was just free.
    const down = await reader(`http://127.0.0.1:${await freePort()}`).getFunction(loc);
    expect(down).toMatchObject({ kind: "error", code: "EndpointUnreachable" });
  });

  it("reads the configuration with GetFunction and compares it with a spec: changed fields found, env values dropped", async () => {
    const t = target();
    const secret = "conformance-env-value-9c2f";
    await createAckFunction(t, "configured", "team-z", { MemorySize: 1024, Timeout: 60, Environment: { Variables: { DB_PASSWORD: secret, DEBUG: "1" } } });
    const found = await reader().getFunction({ accountId: t.accountId, region: t.region, functionName: "configured" });
    expect(found.kind).toBe("found");
    if (found.kind !== "found") return;
    expect(JSON.stringify(found)).not.toContain(secret);
    expect(found.config).toMatchObject({ runtime: "python3.12", handler: "index.handler", memorySize: 1024, timeout: 60, environmentNames: ["DB_PASSWORD", "DEBUG"] });
    // The spec the object would hold: memory and timeout left to AWS's defaults, one variable.
    const spec = readSpecConfig({ name: "configured", runtime: "python3.12", handler: "index.handler", role: t.roleArn, code: { s3Bucket: "b", s3Key: "k.zip" }, environment: { variables: { DB_PASSWORD: "x" } } });
    const rows = compareFunctionConfig(spec, { config: found.config!, codeSha256: found.codeSha256, tags: found.tags }, { namespace: "team-z", controllerVersion: "1.14.1", recordedCodeSha256: CODE_SHA256 });
    expect(driftedFields(rows).map((r) => [r.field, r.status])).toEqual([
      ["memorySize", "differs"],
      ["timeout", "differs"],
      ["environment", "only-in-aws"],
    ]);
  });

  it("reads and deletes through the residual clean-up adapter: deleted, then not-found", async () => {
    const t = target();
    await createAckFunction(t, "residual", "team-y");
    const sdk = reader();
    const api = new SdkLambdaDeleteApi((account, region) => sdk.client(account, region), 5_000);
    const loc = { accountId: t.accountId, region: t.region, functionName: "residual" };
    const live = await api.readFunction(loc);
    expect(live).toMatchObject({ kind: "found", arn: arnOf(t, "residual"), functionName: "residual", tags: ackTags("team-y") });
    expect(await api.deleteFunction(loc)).toEqual({ kind: "deleted" });
    expect(await api.readFunction(loc)).toEqual({ kind: "not-found" });
    expect(await api.deleteFunction(loc)).toEqual({ kind: "not-found" });
  });
}
