/**
 * moto's server (PyPI `moto[server]`) as the real AWS Lambda API of the test suite: started on
 * 127.0.0.1, given the IAM role that Lambda functions are created with (moto checks that a
 * function's role exists in its IAM backend: moto/awslambda/models.py put_function), and a
 * helper that creates functions tagged the way the ACK controller tags the ones it creates
 * (docs/ack-lambda-controller.md: services.k8s.aws/controller-version and services.k8s.aws/namespace).
 */
import path from "node:path";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ACK_TAG } from "@/lib/domain/ack";
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from "./process";
import { zipFiles } from "./zip";

/** moto's default account; every ARN it returns is in it. */
export const MOTO_ACCOUNT_ID = "123456789012";
export const MOTO_REGION = "us-east-1";
/** moto does not verify signatures; any non-empty pair works. */
export const MOTO_CREDENTIALS = { accessKeyId: "realstack", secretAccessKey: "realstack" } as const;
export const LAMBDA_ROLE_NAME = "ack-lambda-fleet-realstack";
/** The version the vendored CRDs come from (crds/lambda-controller-v1.14.1). */
export const ACK_CONTROLLER_VERSION_TAG = "lambda-1.14.1";

export interface MotoServer {
  url: string;
  region: string;
  accountId: string;
  roleArn: string;
  process: ManagedProcess;
  lambda(): LambdaClient;
}

export interface AckFunctionInput {
  name: string;
  /** The Kubernetes namespace of the Function object that "owns" it. */
  namespace: string;
  /** Default lambda-1.14.1. */
  controllerVersion?: string;
  extraTags?: Record<string, string>;
}

/**
 * Calls the IAM Query API. moto picks the service from the SigV4 credential scope in the
 * Authorization header and does not check the signature, so a well-formed header is enough
 * (no IAM SDK client is installed in this project).
 */
async function iamQuery(url: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      authorization:
        `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20260101/${MOTO_REGION}/iam/aws4_request, ` +
        "SignedHeaders=content-type;host, Signature=0",
    },
    body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`IAM ${params.Action} failed: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

export async function createLambdaRole(url: string, roleName = LAMBDA_ROLE_NAME): Promise<string> {
  const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
  const xml = await iamQuery(url, {
    Action: "CreateRole",
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify(trust),
  });
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
  if (!arn) throw new Error("IAM CreateRole returned no role ARN");
  return arn;
}

export async function startMoto(opts: { dir: string; python?: string }): Promise<MotoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const python = opts.python ?? process.env.REALSTACK_PYTHON ?? "python3";
  const proc = startProcess("moto", python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    logFile: path.join(opts.dir, "moto.log"),
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  try {
    await waitUntilReady(proc, async () => (await fetch(`${url}/moto-api/`)).ok, 30_000);
    const roleArn = await createLambdaRole(url);
    const lambda = () =>
      new LambdaClient({ endpoint: url, region: MOTO_REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
    return { url, region: MOTO_REGION, accountId: MOTO_ACCOUNT_ID, roleArn, process: proc, lambda };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/** The tags the ACK Lambda controller puts on a function it creates (docs/ack-lambda-controller.md). */
export function ackTags(namespace: string, controllerVersion = ACK_CONTROLLER_VERSION_TAG): Record<string, string> {
  return { [ACK_TAG.controllerVersion]: controllerVersion, [ACK_TAG.namespace]: namespace };
}

/** Creates a small Python function in moto, tagged as ACK would tag it; returns its ARN. */
export async function createAckFunction(moto: MotoServer, input: AckFunctionInput): Promise<{ arn: string }> {
  const client = moto.lambda();
  try {
    const out = await client.send(
      new CreateFunctionCommand({
        FunctionName: input.name,
        Runtime: "python3.12",
        Handler: "index.handler",
        Role: moto.roleArn,
        Code: { ZipFile: zipFiles({ "index.py": "def handler(event, context):\n    return 'ok'\n" }) },
        Tags: { ...ackTags(input.namespace, input.controllerVersion), ...input.extraTags },
      }),
    );
    if (!out.FunctionArn) throw new Error(`CreateFunction ${input.name} returned no ARN`);
    return { arn: out.FunctionArn };
  } finally {
    client.destroy();
  }
}
