/**
 * The dashboard's own AWS adapters against the target: SdkLambdaReadApi.getFunction's outcome
 * classification (lib/server/aws/lambda-api.ts) and the residual clean-up's read and delete
 * (lib/server/aws/delete.ts), with the account credentials the way the dashboard gets them.
 */
import { expect, it } from "vitest";
import { SdkLambdaDeleteApi } from "@/lib/server/aws/delete";
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
