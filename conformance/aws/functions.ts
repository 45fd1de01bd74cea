/**
 * GetFunction, ListFunctions (Marker paging), tags, DeleteFunction and ResourceNotFoundException
 * as the Lambda API reference (2015-03-31) documents them and the dashboard reads them.
 */
import {
  DeleteFunctionCommand, GetFunctionCommand, ListFunctionsCommand, ListTagsCommand, TagResourceCommand, UntagResourceCommand,
  type FunctionConfiguration,
} from "@aws-sdk/client-lambda";
import { expect, it } from "vitest";
import { eventually } from "../kube/api";
import { ackTags, arnOf, CODE, CODE_SHA256, createAckFunction, failure, type GetAwsTarget } from "./api";

/** Lambda's LastModified format, e.g. 2024-05-01T12:00:00.000+0000. */
const LAST_MODIFIED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

export function functionCases(target: GetAwsTarget): void {
  it("answers GetFunction with the configuration, the code location and the ACK tags", async () => {
    const t = target();
    const created = await createAckFunction(t, "orders-api", "team-a", { MemorySize: 256, Timeout: 30, Description: "orders", Environment: { Variables: { STAGE: "prod" } } });
    // Lambda developer guide, "Lambda function states": a new function is Pending until ready.
    expect(created.State).toBe(t.quirks.noPendingPhase ? "Active" : "Pending");
    if (!t.quirks.noPendingPhase) expect(created.StateReasonCode).toBe("Creating");
    const out = await eventually("State Active", async () => {
      const r = await t.client().send(new GetFunctionCommand({ FunctionName: "orders-api" }));
      return r.Configuration?.State === "Active" ? r : null;
    }, 10_000);
    expect(out.Configuration).toMatchObject({
      FunctionName: "orders-api",
      FunctionArn: arnOf(t, "orders-api"),
      Runtime: "python3.12",
      Handler: "index.handler",
      Role: t.roleArn,
      MemorySize: 256,
      Timeout: 30,
      Description: "orders",
      Environment: { Variables: { STAGE: "prod" } },
      CodeSha256: CODE_SHA256,
      CodeSize: CODE.length,
      Version: "$LATEST",
      PackageType: "Zip",
      Architectures: ["x86_64"],
      State: "Active",
      LastUpdateStatus: "Successful",
    });
    expect(out.Configuration?.LastModified).toMatch(t.quirks.lastModifiedIso ? /^\d{4}-\d\d-\d\dT[\d:.]+Z$/ : LAST_MODIFIED);
    if (t.quirks.noRevisionId) expect(out.Configuration?.RevisionId).toBeUndefined();
    else expect(out.Configuration?.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    // Defaults AWS reports for every function (GetFunction response syntax).
    expect(out.Configuration).toMatchObject({ TracingConfig: { Mode: "PassThrough" }, EphemeralStorage: { Size: 512 }, SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" } });
    expect(out.Tags).toEqual(ackTags("team-a"));
    expect(out.Code?.RepositoryType).toBe("S3");
    expect(out.Code?.Location).toMatch(/^https:\/\//);
    // The same function by ARN.
    const byArn = await t.client().send(new GetFunctionCommand({ FunctionName: arnOf(t, "orders-api") }));
    expect(byArn.Configuration?.FunctionName).toBe("orders-api");
  });

  it("answers ResourceNotFoundException (404) for a function that does not exist", async () => {
    const t = target();
    const err = await failure(t.client().send(new GetFunctionCommand({ FunctionName: "not-there" })));
    expect(err.name).toBe("ResourceNotFoundException");
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toBe(`Function not found: ${arnOf(t, "not-there")}`);
    const tags = await failure(t.client().send(new ListTagsCommand({ Resource: arnOf(t, "not-there") })));
    expect(tags.name).toBe("ResourceNotFoundException");
  });

  it("pages ListFunctions with Marker: every function exactly once (51+ functions)", async () => {
    const t = target();
    const names = Array.from({ length: 51 }, (_, i) => `page-${String(i).padStart(3, "0")}`);
    for (const name of names) await createAckFunction(t, name, "team-paging");
    const seen: string[] = [];
    const pages: FunctionConfiguration[][] = [];
    let marker: string | undefined;
    do {
      const page = await t.client().send(new ListFunctionsCommand({ Marker: marker }));
      pages.push(page.Functions ?? []);
      seen.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ""));
      marker = page.NextMarker;
    } while (marker && pages.length < 20);
    for (const name of names) expect(seen.filter((n) => n === name), name).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    // Lambda API reference, ListFunctions: at most 50 functions a page, without State or
    // LastUpdateStatus (those need GetFunction).
    const listed = pages.flat();
    expect(listed.some((f) => f.State !== undefined || f.LastUpdateStatus !== undefined)).toBe(t.quirks.listFunctionsHasState);
    const small = await t.client().send(new ListFunctionsCommand({ MaxItems: 10 }));
    if (t.quirks.listFunctionsUnpaged) {
      expect(pages).toHaveLength(1);
      expect(small.NextMarker).toBeUndefined();
    } else {
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.every((p) => p.length <= 50)).toBe(true);
      expect(small.Functions).toHaveLength(10);
      expect(small.NextMarker).toBeTruthy();
    }
  });

  it("lists, adds and removes tags by ARN; GetFunction shows the same tags", async () => {
    const t = target();
    await createAckFunction(t, "tagged", "team-b");
    const arn = arnOf(t, "tagged");
    expect((await t.client().send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual(ackTags("team-b"));
    await t.client().send(new TagResourceCommand({ Resource: arn, Tags: { owner: "payments", "services.k8s.aws/namespace": "team-c" } }));
    const merged = { ...ackTags("team-c"), owner: "payments" };
    expect((await t.client().send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual(merged);
    expect((await t.client().send(new GetFunctionCommand({ FunctionName: "tagged" }))).Tags).toEqual(merged);
    await t.client().send(new UntagResourceCommand({ Resource: arn, TagKeys: ["owner"] }));
    expect((await t.client().send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual(ackTags("team-c"));
  });

  it("deletes a function: GetFunction then answers ResourceNotFoundException, and so does a second delete", async () => {
    const t = target();
    await createAckFunction(t, "doomed");
    const out = await t.client().send(new DeleteFunctionCommand({ FunctionName: "doomed" }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    const gone = await eventually("the function to be gone", async () => {
      const err = await failure(t.client().send(new GetFunctionCommand({ FunctionName: "doomed" }))).catch(() => null);
      return err?.name === "ResourceNotFoundException" ? err : null;
    }, 10_000);
    expect(gone.$metadata?.httpStatusCode).toBe(404);
    const again = await failure(t.client().send(new DeleteFunctionCommand({ FunctionName: "doomed" })));
    expect(again.name).toBe("ResourceNotFoundException");
  });
}
