import "server-only";
import { DeleteFunctionCommand, GetFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { classifyAwsError, type FunctionLocator } from "./lambda-api";

/**
 * The residual clean-up's AWS side (remediation action delete-aws-function): a fresh
 * GetFunction (state, RevisionId and Tags, re-read at execution time so the ACK-tag check is
 * never made on stale data) and DeleteFunction. DeleteFunction has no precondition parameter
 * (Lambda API reference: DeleteFunction takes FunctionName and Qualifier only), so the caller
 * compares RevisionId right before deleting; the window between the two calls is the gap.
 * Without a Qualifier DeleteFunction removes the function with all its versions and aliases.
 */
export type LiveFunction =
  | {
      kind: "found";
      arn: string | null;
      functionName: string | null;
      state: string | null;
      revisionId: string | null;
      lastModified: string | null;
      tags: Record<string, string>;
    }
  | { kind: "not-found" }
  | { kind: "error"; code: string; message: string; throttled: boolean };

export type DeleteOutcome = { kind: "deleted" } | { kind: "not-found" } | { kind: "error"; code: string; message: string; throttled: boolean };

export interface LambdaDeleteApi {
  readFunction(loc: FunctionLocator): Promise<LiveFunction>;
  deleteFunction(loc: FunctionLocator): Promise<DeleteOutcome>;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function asError(err: unknown): { kind: "not-found" } | { kind: "error"; code: string; message: string; throttled: boolean } {
  const c = classifyAwsError(err);
  if (c.kind === "not-found") return c;
  if (c.kind === "throttled") return { kind: "error", code: "TooManyRequestsException", message: c.message, throttled: true };
  if (c.kind === "error") return { kind: "error", code: c.code, message: c.message, throttled: false };
  return { kind: "error", code: "Error", message: "unexpected answer from the Lambda API", throttled: false };
}

export class SdkLambdaDeleteApi implements LambdaDeleteApi {
  constructor(
    /** The SDK client pool of the read adapter (one client per account and region, same credentials). */
    private readonly clientFor: (accountId: string, region: string) => LambdaClient,
    private readonly timeoutMs = 10_000,
  ) {}

  async readFunction(loc: FunctionLocator): Promise<LiveFunction> {
    try {
      const out = await this.clientFor(loc.accountId, loc.region).send(new GetFunctionCommand({ FunctionName: loc.functionName }), {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
      const c = out.Configuration ?? {};
      return {
        kind: "found",
        arn: str(c.FunctionArn),
        functionName: str(c.FunctionName),
        state: str(c.State),
        revisionId: str(c.RevisionId),
        lastModified: str(c.LastModified),
        tags: { ...(out.Tags ?? {}) },
      };
    } catch (err) {
      return asError(err);
    }
  }

  async deleteFunction(loc: FunctionLocator): Promise<DeleteOutcome> {
    try {
      await this.clientFor(loc.accountId, loc.region).send(new DeleteFunctionCommand({ FunctionName: loc.functionName }), {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
      return { kind: "deleted" };
    } catch (err) {
      return asError(err);
    }
  }
}
