import "server-only";
import fs from "node:fs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SignatureV4 } from "@smithy/signature-v4";
import { z } from "zod";
import { readAwsConfig } from "@/lib/domain/function-config/read";
import type { AwsFunctionConfig } from "@/lib/domain/wire/function-config";
import { assumedRoleCredentials, type AccountRoles } from "./assume-role";

/**
 * The one adapter to the AWS Lambda API (reads only here; deletion lives with remediation).
 * One SDK client per account and region. Credentials per account come from a JSON file
 * ({ "<accountId>": { accessKeyId, secretAccessKey, sessionToken? } | { profile } }) or, for
 * accounts not in it, the SDK's default chain. They never leave this module.
 */
export interface FunctionLocator {
  accountId: string;
  region: string;
  /** A name or an ARN (GetFunction accepts both). */
  functionName: string;
}

export type GetFunctionOutcome =
  | {
      kind: "found";
      state: string | null;
      stateReason: string | null;
      stateReasonCode: string | null;
      lastUpdateStatus: string | null;
      lastUpdateStatusReason: string | null;
      lastUpdateStatusReasonCode: string | null;
      codeSha256: string | null;
      revisionId: string | null;
      lastModified: string | null;
      tags: Record<string, string>;
      /** The compared configuration fields; environment variables by name only. Fakes may leave it out. */
      config?: AwsFunctionConfig;
    }
  | { kind: "not-found" }
  | { kind: "throttled"; retryAfterMs: number | null; message: string }
  | { kind: "error"; code: string; message: string };

/**
 * One function of a ListFunctions page. ListFunctions answers FunctionConfiguration items
 * WITHOUT State, StateReason, LastUpdateStatus and their reasons (Lambda API reference,
 * ListFunctions: "the following fields are not returned: State, StateReasonCode, ..."), and no
 * tags: those need GetFunction.
 */
export interface ListedFunction {
  functionName: string;
  codeSha256: string | null;
  revisionId: string | null;
  lastModified: string | null;
  config: AwsFunctionConfig;
}

export type ListFunctionsOutcome =
  | { kind: "page"; functions: ListedFunction[]; nextMarker: string | null }
  | { kind: "throttled"; retryAfterMs: number | null; message: string }
  | { kind: "error"; code: string; message: string };

export interface LambdaReadApi {
  getFunction(loc: FunctionLocator): Promise<GetFunctionOutcome>;
  /**
   * One page (at most 50 functions, API reference) of the account and region's unqualified
   * functions, from `marker` (null: the first page). Optional: without it the reader learns
   * everything from GetFunction.
   */
  listFunctions?(accountId: string, region: string, marker: string | null): Promise<ListFunctionsOutcome>;
}

const CredentialsFileSchema = z.record(
  z.string(),
  z.union([
    z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().optional() }),
    z.object({ profile: z.string().min(1) }),
  ]),
);
export type AccountCredentials = z.infer<typeof CredentialsFileSchema>;

export function loadCredentialsFile(file: string | null): AccountCredentials {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`cannot read ACK_FLEET_AWS_CREDENTIALS_FILE ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = CredentialsFileSchema.safeParse(raw);
  if (!parsed.success) {
    // The issue paths only: never print the values, which are secrets.
    throw new Error(`ACK_FLEET_AWS_CREDENTIALS_FILE ${file} is malformed at ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  }
  return parsed.data;
}

const s = (v: unknown): string | null => (typeof v === "string" ? v : null);

export class SdkLambdaReadApi implements LambdaReadApi {
  private readonly clients = new Map<string, LambdaClient>();
  private readonly directs = new Map<string, Promise<DirectPath>>();

  constructor(
    private readonly opts: {
      endpoint: string | null;
      credentials: AccountCredentials;
      requestTimeoutMs?: number;
      /** Roles to assume per account (./assume-role.ts); an account with one uses it, whatever the file says. */
      roles?: AccountRoles;
      stsEndpoint?: string | null;
    },
  ) {}

  client(accountId: string, region: string): LambdaClient {
    const key = `${accountId}/${region}`;
    let c = this.clients.get(key);
    if (!c) {
      const cred = this.opts.credentials[accountId];
      const role = this.opts.roles?.[accountId];
      c = new LambdaClient({
        region,
        endpoint: this.opts.endpoint ?? undefined,
        // Our own budget and backoff decide retries; the SDK must not multiply requests.
        maxAttempts: 1,
        ...(role
          ? { credentials: assumedRoleCredentials({ role, region, stsEndpoint: this.opts.stsEndpoint ?? null }) }
          : {
              ...(cred && "accessKeyId" in cred ? { credentials: cred } : {}),
              ...(cred && "profile" in cred ? { profile: cred.profile } : {}),
            }),
      });
      this.clients.set(key, c);
    }
    return c;
  }

  /**
   * One signed GET of the Lambda REST-JSON API, answered as parsed JSON or thrown as an error
   * shaped like the SDK's (name, message, $metadata, $response.headers) for classifyAwsError.
   * The client gives the credentials (the same providers, refreshes and assumed roles as its
   * own commands), the endpoint, SHA-256 and its HTTP handler (keep-alive sockets); what is
   * left out is the command's middleware stack and the SDK's schema deserializer, which at
   * 50,000 Functions were the AWS reader's largest cost on the event loop (README, round 10).
   */
  private async get(accountId: string, region: string, path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
    const via = await this.direct(accountId, region);
    const url = via.url;
    const basePath = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
    const request = {
      method: "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: basePath + path,
      query,
      headers: { host: url.host, accept: "application/json" } as Record<string, string>,
    };
    // Signed on the clock the client keeps corrected by AWS's answers, as its commands are.
    const sentAt = Date.now();
    const signed = await via.signer.sign(request, { signingDate: new Date(sentAt + via.clock.systemClockOffset) });
    const { response } = await via.handler.handle(signed as never, { abortSignal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 10_000) });
    sampleClockSkew(via.clock, response.headers as Record<string, string | undefined>, sentAt);
    const text = await readBody(response.body as AsyncIterable<Uint8Array> | undefined);
    // Not JSON (a proxy's error page): JSON.parse's SyntaxError, as the SDK's deserializer throws it.
    const body: unknown = text ? JSON.parse(text) : {};
    const status = response.statusCode;
    if (status >= 200 && status < 300 && isObject(body)) return body;
    throw awsHttpError(status, response.headers as Record<string, string>, body);
  }

  private direct(accountId: string, region: string): Promise<DirectPath> {
    const key = `${accountId}/${region}`;
    let d = this.directs.get(key);
    if (!d) {
      d = this.makeDirect(accountId, region);
      // Settings that could not be read are read again by the next request.
      d.catch(() => this.directs.delete(key));
      this.directs.set(key, d);
    }
    return d;
  }

  private async makeDirect(accountId: string, region: string): Promise<DirectPath> {
    const config = this.client(accountId, region).config;
    // The endpoint the client's commands would use: FIPS and dual-stack as configured
    // (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, the profile), or the configured endpoint.
    const [fips, dualStack] = await Promise.all([config.useFipsEndpoint(), config.useDualstackEndpoint()]);
    const endpoint = config.endpointProvider({ Region: region, UseFIPS: fips, UseDualStack: dualStack, ...(this.opts.endpoint ? { Endpoint: this.opts.endpoint } : {}) });
    return {
      url: new URL(endpoint.url.href),
      signer: new SignatureV4({ credentials: config.credentials, region, service: "lambda", sha256: config.sha256, uriEscapePath: true }),
      handler: config.requestHandler as unknown as DirectPath["handler"],
      clock: config,
    };
  }

  async getFunction(loc: FunctionLocator): Promise<GetFunctionOutcome> {
    try {
      const out = await this.get(loc.accountId, loc.region, `/2015-03-31/functions/${encodeLabel(loc.functionName)}`, {});
      const configuration = isObject(out.Configuration) ? out.Configuration : {};
      const c = configuration as Record<string, unknown>;
      return {
        kind: "found",
        state: s(c.State),
        stateReason: s(c.StateReason),
        stateReasonCode: s(c.StateReasonCode),
        lastUpdateStatus: s(c.LastUpdateStatus),
        lastUpdateStatusReason: s(c.LastUpdateStatusReason),
        lastUpdateStatusReasonCode: s(c.LastUpdateStatusReasonCode),
        codeSha256: s(c.CodeSha256),
        revisionId: s(c.RevisionId),
        lastModified: s(c.LastModified),
        tags: stringMap(out.Tags),
        // GetFunction's answer already carries the whole FunctionConfiguration: the comparison
        // costs no request of its own. Environment variable values are dropped here.
        config: readAwsConfig(isObject(out.Configuration) ? out.Configuration : undefined, isObject(out.Code) ? out.Code : undefined),
      };
    } catch (err) {
      return classifyAwsError(err);
    }
  }

  async listFunctions(accountId: string, region: string, marker: string | null): Promise<ListFunctionsOutcome> {
    try {
      const out = await this.get(accountId, region, "/2015-03-31/functions", { MaxItems: "50", ...(marker ? { Marker: marker } : {}) });
      const functions: ListedFunction[] = [];
      for (const c of Array.isArray(out.Functions) ? (out.Functions as unknown[]) : []) {
        if (!isObject(c) || typeof c.FunctionName !== "string") continue;
        functions.push({ functionName: c.FunctionName, codeSha256: s(c.CodeSha256), revisionId: s(c.RevisionId), lastModified: s(c.LastModified), config: readAwsConfig(c) });
      }
      return { kind: "page", functions, nextMarker: s(out.NextMarker) };
    } catch (err) {
      const outcome = classifyAwsError(err);
      // A listed function is never "not found": a 404 here is an error like any other.
      return outcome.kind === "throttled" || outcome.kind === "error" ? outcome : { kind: "error", code: "ResourceNotFoundException", message: "ListFunctions answered 404" };
    }
  }
}

interface DirectPath {
  url: URL;
  signer: SignatureV4;
  /** The client's own clock correction (ms to add to this machine's clock), shared with its commands. */
  clock: { systemClockOffset: number };
  handler: {
    handle(request: never, options: { abortSignal: AbortSignal }): Promise<{ response: { statusCode: number; headers: Record<string, string | undefined>; body?: unknown } }>;
  };
}

/**
 * Corrects the signing clock from an answer's Date header as the SDK's signer does: the offset
 * becomes the server's time less this machine's at the answer (not from a cached answer, one with
 * an Age, nor after a wait of 15 min), so that a skewed machine clock fails one request, not all.
 */
export function sampleClockSkew(clock: { systemClockOffset: number }, headers: Record<string, string | undefined>, sentAt: number, now = Date.now()): void {
  const date = headers.date ?? headers.Date;
  if (!date || (headers.age ?? headers.Age) !== undefined || now - sentAt > 900_000) return;
  const server = Date.parse(date);
  if (!Number.isNaN(server)) clock.systemClockOffset = server - now;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, value] of Object.entries(v)) if (typeof value === "string") out[k] = value;
  return out;
}

/** A path label as the SDK encodes it (RFC 3986: also !'()* escaped); ARNs keep their colons escaped. */
const encodeLabel = (label: string) => encodeURIComponent(label).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

async function readBody(body: AsyncIterable<Uint8Array> | undefined): Promise<string> {
  if (!body) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * An error answer as the SDK's REST-JSON protocol names it (the x-amzn-errortype header first,
 * then the body's code or __type; the part before ":" and after "#"), with its message
 * (the body's message or Message), status and headers.
 */
function awsHttpError(status: number, headers: Record<string, string | undefined>, body: unknown): Error {
  const b = isObject(body) ? body : {};
  const raw = headers["x-amzn-errortype"] ?? s(b.code) ?? s(b.__type) ?? (status === 404 ? "NotFound" : "UnknownError");
  const name = (raw.split(":")[0].split("#").pop() ?? raw) || "UnknownError";
  const err = new Error(s(b.message) ?? s(b.Message) ?? name) as Error & {
    $metadata: { httpStatusCode: number };
    $response: { headers: Record<string, string | undefined> };
  };
  err.name = name;
  err.$metadata = { httpStatusCode: status };
  err.$response = { headers };
  return err;
}

/** Maps SDK errors to outcomes; messages are AWS's own, which carry no credentials. */
export function classifyAwsError(err: unknown): GetFunctionOutcome {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> }; code?: string };
  const name = e?.name ?? "Error";
  const message = (e?.message ?? String(err)).split("\n")[0].slice(0, 500);
  if (name === "ResourceNotFoundException") return { kind: "not-found" };
  if (name === "TooManyRequestsException" || name === "ThrottlingException" || e?.$metadata?.httpStatusCode === 429) {
    const ra = Number(e?.$response?.headers?.["retry-after"]);
    return { kind: "throttled", retryAfterMs: Number.isFinite(ra) && ra > 0 ? ra * 1000 : null, message };
  }
  if (name === "TimeoutError" || name === "AbortError") return { kind: "error", code: "Timeout", message: "the Lambda API did not answer in time" };
  if (e?.code === "ECONNREFUSED" || /ECONNREFUSED/.test(message)) {
    return { kind: "error", code: "EndpointUnreachable", message: "the Lambda API endpoint refused the connection" };
  }
  if (/credential/i.test(name) || /Could not load credentials/i.test(message)) {
    return { kind: "error", code: "CredentialsMissing", message: "no AWS credentials for this account (see ACK_FLEET_AWS_CREDENTIALS_FILE)" };
  }
  return { kind: "error", code: name, message };
}
