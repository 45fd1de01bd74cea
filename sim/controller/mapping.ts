/**
 * Between the Function spec/status and the Lambda wire shapes (the generated sdk.go of
 * lambda-controller does the same field by field). Pure.
 */
import type { CreateFunctionCommandInput, FunctionConfiguration, UpdateFunctionConfigurationCommandInput } from "@aws-sdk/client-lambda";
import { ACK_TAG } from "@/lib/domain/ack";
import type { FunctionSpec, FunctionStatus } from "./types";

/** Tags the runtime adds on create (runtime pkg/runtime/tags.go). */
export function controllerTags(version: string, namespace: string): Record<string, string> {
  return { [ACK_TAG.controllerVersion]: `lambda-${version}`, [ACK_TAG.namespace]: namespace };
}

export function createInput(spec: FunctionSpec, tags: Record<string, string>): CreateFunctionCommandInput {
  const code = spec.code ?? {};
  const input: CreateFunctionCommandInput = {
    FunctionName: spec.name,
    Role: spec.role,
    Code: {
      S3Bucket: code.s3Bucket,
      S3Key: code.s3Key,
      S3ObjectVersion: code.s3ObjectVersion,
      ImageUri: code.imageURI,
      ZipFile: code.zipFile ? Buffer.from(code.zipFile, "base64") : undefined,
    },
    Runtime: spec.runtime as CreateFunctionCommandInput["Runtime"],
    Handler: spec.handler,
    Description: spec.description,
    MemorySize: spec.memorySize,
    Timeout: spec.timeout,
    PackageType: spec.packageType as CreateFunctionCommandInput["PackageType"],
    Architectures: spec.architectures as CreateFunctionCommandInput["Architectures"],
    Environment: spec.environment?.variables ? { Variables: spec.environment.variables } : undefined,
    Layers: spec.layers,
    Tags: { ...(spec.tags ?? {}), ...tags },
  };
  return input;
}

/**
 * The configuration fields whose spec value differs from what GetFunction returned
 * (the generated delta of the Function resource, reduced to the fields the model updates).
 * Fields left unset in the spec are not compared: Lambda chose their defaults.
 */
export function configurationDelta(spec: FunctionSpec, cfg: FunctionConfiguration): UpdateFunctionConfigurationCommandInput | null {
  const update: UpdateFunctionConfigurationCommandInput = { FunctionName: spec.name };
  let differs = false;
  const set = <K extends keyof UpdateFunctionConfigurationCommandInput>(k: K, v: UpdateFunctionConfigurationCommandInput[K]) => {
    update[k] = v;
    differs = true;
  };
  if (spec.role !== undefined && spec.role !== cfg.Role) set("Role", spec.role);
  if (spec.runtime !== undefined && spec.runtime !== cfg.Runtime) set("Runtime", spec.runtime as UpdateFunctionConfigurationCommandInput["Runtime"]);
  if (spec.handler !== undefined && spec.handler !== cfg.Handler) set("Handler", spec.handler);
  if (spec.description !== undefined && spec.description !== (cfg.Description ?? "")) set("Description", spec.description);
  if (spec.memorySize !== undefined && spec.memorySize !== cfg.MemorySize) set("MemorySize", spec.memorySize);
  if (spec.timeout !== undefined && spec.timeout !== cfg.Timeout) set("Timeout", spec.timeout);
  const wantEnv = spec.environment?.variables;
  if (wantEnv !== undefined && !sameStringMap(wantEnv, cfg.Environment?.Variables ?? {})) set("Environment", { Variables: wantEnv });
  return differs ? update : null;
}

function sameStringMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The Lambda-mirrored status fields (sdkFind of the generated resource manager). */
export function statusFromConfiguration(cfg: FunctionConfiguration): Partial<FunctionStatus> {
  return {
    state: cfg.State,
    stateReason: cfg.StateReason,
    stateReasonCode: cfg.StateReasonCode,
    lastUpdateStatus: cfg.LastUpdateStatus,
    lastUpdateStatusReason: cfg.LastUpdateStatusReason,
    lastUpdateStatusReasonCode: cfg.LastUpdateStatusReasonCode,
    codeSHA256: cfg.CodeSha256,
    codeSize: cfg.CodeSize,
    lastModified: cfg.LastModified,
    revisionID: cfg.RevisionId,
    version: cfg.Version,
  };
}

/** The status keys statusFromConfiguration owns; absent values are removed on write. */
export const MIRRORED_STATUS_KEYS = [
  "state",
  "stateReason",
  "stateReasonCode",
  "lastUpdateStatus",
  "lastUpdateStatusReason",
  "lastUpdateStatusReasonCode",
  "codeSHA256",
  "codeSize",
  "lastModified",
  "revisionID",
  "version",
] as const;

/** v1.6.3+: Active or Inactive; before only Active (docs/ack-lambda-controller.md). */
export function isSynced(state: string | undefined, inactiveIsSynced: boolean): boolean {
  return state === "Active" || (inactiveIsSynced && state === "Inactive");
}
