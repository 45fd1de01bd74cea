/**
 * AwsTarget: one AWS Lambda API the conformance suite runs against, either the simulator
 * (sim/lambda) or moto's server (PyPI moto[server], realstack/moto.ts), both on 127.0.0.1 with
 * the same account, region and IAM role ARN, reached with an unmodified @aws-sdk/client-lambda.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { LAMBDA_ROLE_NAME, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, MOTO_REGION, startMoto } from "../realstack/moto";
import { LambdaApiSim } from "../sim/lambda";

export interface AwsTarget {
  name: "sim" | "moto";
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** An IAM role ARN that CreateFunction accepts (moto checks that it exists). */
  roleArn: string;
  /**
   * Where the target is known to differ from the Lambda API reference (moto's deviations; the
   * simulator has none). Each case asserts the documented behaviour where the quirk is absent and
   * the quirk itself where it is present, so a moto upgrade that fixes one fails loudly and the
   * list in README.md gets updated.
   */
  quirks: AwsQuirks;
  /** An SDK client without retries (one call = one request); destroyed by stop(). */
  client(): LambdaClient;
  stop(): Promise<void>;
}

export interface AwsQuirks {
  /** ListFunctions ignores Marker and MaxItems and returns every function in one page (moto responses.list_functions). */
  listFunctionsUnpaged: boolean;
  /** ListFunctions items carry State and LastUpdateStatus (AWS leaves them out; docs/ack-lambda-controller.md). */
  listFunctionsHasState: boolean;
  /** LastModified like 2026-01-01T12:00:00.123456000Z instead of Lambda's 2026-01-01T12:00:00.123+0000. */
  lastModifiedIso: boolean;
  /** No RevisionId in the function configuration. */
  noRevisionId: boolean;
  /** CreateFunction answers State Active at once: no Pending phase with StateReasonCode Creating. */
  noPendingPhase: boolean;
}

const NO_QUIRKS: AwsQuirks = { listFunctionsUnpaged: false, listFunctionsHasState: false, lastModifiedIso: false, noRevisionId: false, noPendingPhase: false };
/** moto 5.2.1 (realstack/versions.env MOTO_VERSION), seen by this suite. */
const MOTO_QUIRKS: AwsQuirks = { listFunctionsUnpaged: true, listFunctionsHasState: true, lastModifiedIso: true, noRevisionId: true, noPendingPhase: true };

/** The sim's key id for the moto account: AKIA + 16 characters, the real shape. */
const SIM_KEY = "AKIACONFORMANCE00001";

function clientFactory(endpoint: string, region: string, credentials: AwsTarget["credentials"]) {
  const clients: LambdaClient[] = [];
  return {
    client() {
      const c = new LambdaClient({ endpoint, region, credentials, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    destroyAll: () => clients.forEach((c) => c.destroy()),
  };
}

/**
 * The Lambda simulator with the real quotas switched off (the suite creates 50+ functions in a
 * burst) and a short Pending phase after CreateFunction (AWS: "Pending" until the function is
 * ready; moto skips it).
 */
export async function startSimAwsTarget(): Promise<AwsTarget> {
  const sim = new LambdaApiSim({
    accounts: { [SIM_KEY]: MOTO_ACCOUNT_ID },
    rateLimits: { getFunctionPerSec: 0, controlPlanePerSec: 0 },
    defaultPendingMs: 200,
  });
  await sim.start();
  const credentials = { accessKeyId: SIM_KEY, secretAccessKey: "conformance-not-checked" };
  const clients = clientFactory(sim.url, MOTO_REGION, credentials);
  return {
    name: "sim",
    endpoint: sim.url,
    region: MOTO_REGION,
    accountId: MOTO_ACCOUNT_ID,
    credentials,
    roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${LAMBDA_ROLE_NAME}`,
    quirks: NO_QUIRKS,
    client: clients.client,
    async stop() {
      clients.destroyAll();
      await sim.stop();
    },
  };
}

export async function startMotoAwsTarget(): Promise<AwsTarget> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-moto-"));
  let moto;
  try {
    moto = await startMoto({ dir });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const credentials = { ...MOTO_CREDENTIALS };
  const clients = clientFactory(moto.url, moto.region, credentials);
  const server = moto;
  return {
    name: "moto",
    endpoint: moto.url,
    region: moto.region,
    accountId: moto.accountId,
    credentials,
    roleArn: moto.roleArn,
    quirks: MOTO_QUIRKS,
    client: clients.client,
    async stop() {
      clients.destroyAll();
      await server.process.stop();
      if (process.env.REALSTACK_KEEP !== "1") fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
