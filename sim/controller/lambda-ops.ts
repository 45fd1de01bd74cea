/**
 * The Lambda calls the controller makes, through @aws-sdk/client-lambda with one client per
 * account and region (the runtime builds one session per account/region/role). Errors are
 * turned into what the ACK runtime does with them: NotFound drives create/finalizer removal,
 * terminal codes need a spec change, everything else is recoverable.
 */
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type UpdateFunctionConfigurationCommandInput,
} from "@aws-sdk/client-lambda";

export interface LambdaEndpointConfig {
  /** e.g. the LambdaApiSim url; undefined uses the real AWS endpoint of the region. */
  endpoint?: string;
  credentials: Record<string, { accessKeyId: string; secretAccessKey: string }>;
  /** SDK attempts per call (the SDK retries throttling); 1 surfaces every error at once. */
  maxAttempts?: number;
}

export interface LambdaFunctionView {
  configuration: FunctionConfiguration;
  tags: Record<string, string>;
}

/**
 * Lambda error codes that put a Function in ACK.Terminal: the request can never succeed
 * without a spec change (e.g. "The role defined for the function cannot be assumed by Lambda").
 * Model choice, see report: the lambda-controller's generator.yaml lists its own terminal codes.
 */
export const TERMINAL_CODES = new Set(["InvalidParameterValueException", "ValidationException", "CodeStorageExceededException"]);

export class AwsCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number | undefined,
  ) {
    // aws-sdk-go-v2 API errors print as "<Code>: <Message>"; the runtime copies that text.
    super(`${code}: ${message}`);
  }
  get terminal(): boolean {
    return TERMINAL_CODES.has(this.code);
  }
  get notFound(): boolean {
    return this.code === "ResourceNotFoundException";
  }
}

/** The account has no credentials (no role in ack-role-account-map): the runtime fails before any AWS call. */
export class MissingAccountError extends Error {
  constructor(readonly accountId: string) {
    super(`retrieving role ARN for account ID "${accountId}" from "ack-role-account-map" configmap: key not found`);
  }
}

function toAwsError(err: unknown): AwsCallError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e?.name && e.name !== "Error" ? e.name : "UnknownError";
  return new AwsCallError(code, e?.message ?? String(err), e?.$metadata?.httpStatusCode);
}

export class LambdaOps {
  private readonly clients = new Map<string, LambdaClient>();

  constructor(private readonly cfg: LambdaEndpointConfig) {}

  hasAccount(accountId: string): boolean {
    return Boolean(this.cfg.credentials[accountId]);
  }

  private client(accountId: string, region: string): LambdaClient {
    const creds = this.cfg.credentials[accountId];
    if (!creds) throw new MissingAccountError(accountId);
    const key = `${accountId}/${region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new LambdaClient({
        region,
        endpoint: this.cfg.endpoint,
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        maxAttempts: this.cfg.maxAttempts ?? 1,
      });
      this.clients.set(key, c);
    }
    return c;
  }

  private async call<T>(accountId: string, region: string, run: (c: LambdaClient) => Promise<T>): Promise<T> {
    const client = this.client(accountId, region);
    try {
      return await run(client);
    } catch (err) {
      throw toAwsError(err);
    }
  }

  /** GetFunction; null when the function does not exist (ResourceNotFoundException). */
  async getFunction(accountId: string, region: string, name: string): Promise<LambdaFunctionView | null> {
    try {
      const out = await this.call(accountId, region, (c) => c.send(new GetFunctionCommand({ FunctionName: name })));
      return { configuration: out.Configuration ?? {}, tags: out.Tags ?? {} };
    } catch (err) {
      if (err instanceof AwsCallError && err.notFound) return null;
      throw err;
    }
  }

  async createFunction(accountId: string, region: string, input: CreateFunctionCommandInput): Promise<FunctionConfiguration> {
    return this.call(accountId, region, (c) => c.send(new CreateFunctionCommand(input)));
  }

  async updateFunctionConfiguration(accountId: string, region: string, input: UpdateFunctionConfigurationCommandInput): Promise<void> {
    await this.call(accountId, region, (c) => c.send(new UpdateFunctionConfigurationCommand(input)));
  }

  async deleteFunction(accountId: string, region: string, name: string): Promise<void> {
    await this.call(accountId, region, (c) => c.send(new DeleteFunctionCommand({ FunctionName: name })));
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
