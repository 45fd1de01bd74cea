/** What the AWS conformance cases share: creating ACK-tagged functions, catching SDK errors. */
import { createHash } from "node:crypto";
import { CreateFunctionCommand, type CreateFunctionCommandOutput } from "@aws-sdk/client-lambda";
import { ACK_TAG } from "@/lib/domain/ack";
import { zipFiles } from "../../realstack/zip";
import type { AwsTarget } from "../targets";

export type GetAwsTarget = () => AwsTarget;

export const CODE = zipFiles({ "index.py": "def handler(event, context):\n    return 'ok'\n" });
export const CODE_SHA256 = createHash("sha256").update(CODE).digest("base64");

/** The tags the ACK Lambda controller v1.14.1 puts on what it creates (docs/ack-lambda-controller.md). */
export function ackTags(namespace: string): Record<string, string> {
  return { [ACK_TAG.controllerVersion]: "lambda-1.14.1", [ACK_TAG.namespace]: namespace };
}

export async function createAckFunction(t: AwsTarget, name: string, namespace = "team-a", extra: Record<string, unknown> = {}): Promise<CreateFunctionCommandOutput> {
  return t.client().send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "python3.12",
      Handler: "index.handler",
      Role: t.roleArn,
      Code: { ZipFile: CODE },
      Tags: ackTags(namespace),
      ...extra,
    }),
  );
}

export interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

/** What a call threw (fails when it succeeded). */
export async function failure(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error("expected the call to fail, it succeeded");
}

export const arnOf = (t: AwsTarget, name: string) => `arn:aws:lambda:${t.region}:${t.accountId}:function:${name}`;
