/**
 * Shapes of the simulated Lambda API: options of the simulator and the function record it
 * serves. Field names are the wire names of the Lambda API (2015-03-31 FunctionConfiguration,
 * GetFunction), so that a record serialises without renaming.
 */

export interface LambdaSimOptions {
  /** Listen address; loopback only by default (workplace rule). */
  host?: string;
  /** 0 picks an ephemeral port. */
  port?: number;
  /** accessKeyId → 12-digit account id. Unknown keys get UnrecognizedClientException. */
  accounts: Record<string, string>;
  /** Added before every response, errors included. */
  latencyMs?: number;
  /** Requests per second per account and region; defaults are the real, non-raisable quotas. */
  rateLimits?: RateLimits;
  /** How long CreateFunction stays Pending before Active; Infinity = forever. Default 2000. */
  defaultPendingMs?: number;
  /** How long an update keeps LastUpdateStatus InProgress. Default 0 (immediately Successful). */
  defaultUpdateMs?: number;
  /** How long DeleteFunction keeps the function in State Deleting. Default 0 (gone at once). */
  defaultDeletingMs?: number;
  /** Clock in epoch ms; inject one in tests to move Pending → Active without sleeping. */
  now?: () => number;
}

/**
 * Lambda quotas per account and Region (AWS Lambda developer guide, "Lambda quotas", API request
 * rate): GetFunction 100/s, all other control plane calls together 15/s. Not raisable.
 * A value of 0 (or a non-finite one) switches that limit off.
 */
export interface RateLimits {
  getFunctionPerSec?: number;
  controlPlanePerSec?: number;
}

export type FunctionState =
  | "Pending"
  | "Active"
  | "Inactive"
  | "Failed"
  | "Deleting"
  | "Deactivating"
  | "Deactivated"
  | "ActiveNonInvocable";

export type LastUpdateStatus = "Successful" | "Failed" | "InProgress";

/** The state fields a scenario may force with setState(). */
export interface StatePatch {
  State?: FunctionState | string;
  StateReason?: string | null;
  StateReasonCode?: string | null;
  LastUpdateStatus?: LastUpdateStatus | string | null;
  LastUpdateStatusReason?: string | null;
  LastUpdateStatusReasonCode?: string | null;
  CodeSha256?: string;
}

/** Everything GetFunction returns about a function: its Configuration fields plus Tags. */
export interface SimLambdaFunction {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  CodeSha256: string;
  CodeSize: number;
  Description?: string;
  Timeout: number;
  MemorySize: number;
  /** Lambda's own format, e.g. 2024-05-01T12:00:00.000+0000. */
  LastModified: string;
  RevisionId: string;
  Version: string;
  State: FunctionState | string;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: LastUpdateStatus | string;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  PackageType: "Zip" | "Image";
  Architectures: string[];
  Environment?: { Variables?: Record<string, string> };
  Layers?: { Arn: string; CodeSize?: number }[];
  /** Reported as PassThrough / 512 when not set (lookup.ts REPORTED_DEFAULTS). */
  TracingConfig?: { Mode: string };
  EphemeralStorage?: { Size: number };
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; VpcId?: string };
  Tags: Record<string, string>;
}

/** Per-function timing of the lazy state machine; null means "never". */
export interface LifecycleDelays {
  pendingMs?: number | null;
  updateMs?: number | null;
  deletingMs?: number;
}
