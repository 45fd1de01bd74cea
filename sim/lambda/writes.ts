/**
 * Write operations with AWS semantics (Lambda API reference 2015-03-31): CreateFunction (Pending
 * with reason Creating, Active after a delay), UpdateFunctionConfiguration / UpdateFunctionCode
 * (refused while Pending or while an update is InProgress), DeleteFunction.
 */
import { assertInScope, parseFunctionName } from "./arn";
import {
  conflictExists,
  conflictState,
  conflictUpdateInProgress,
  invalidParameter,
  preconditionFailed,
  validationError,
} from "./errors";
import { optBool, optInt, optObject, optString, optStringList, optStringMap, reqString, checkPattern, ROLE_PATTERN, type JsonObject } from "./input";
import { configView, resolveFunction, type OpContext, type OpResult } from "./lookup";
import { phaseEnd, sha256Base64, type FunctionConfig, type FunctionRecord } from "./store";

/** Lambda's wording of the transitional reasons (developer guide, "Lambda function states"). */
const CREATING_REASON = "The function is being created.";
const DELETING_REASON = "The function is being deleted.";

interface CodeFacts {
  sha256: string;
  size: number;
  imageUri?: string;
}

/** ZipFile (base64 in JSON), S3 location or container image. Zip bytes are not unpacked. */
function readCode(code: JsonObject): CodeFacts {
  const zip = optString(code, "ZipFile");
  const bucket = optString(code, "S3Bucket");
  const key = optString(code, "S3Key");
  const objectVersion = optString(code, "S3ObjectVersion");
  const imageUri = optString(code, "ImageUri");
  if (zip !== undefined) {
    const bytes = Buffer.from(zip, "base64");
    if (bytes.length === 0) throw invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    return { sha256: sha256Base64(bytes), size: bytes.length };
  }
  if (bucket !== undefined || key !== undefined) {
    if (!bucket || !key) throw invalidParameter("Both S3Bucket and S3Key must be provided for S3 code.");
    const location = `s3://${bucket}/${key}${objectVersion ? `?versionId=${objectVersion}` : ""}`;
    return { sha256: sha256Base64(location), size: 4096 };
  }
  if (imageUri !== undefined) return { sha256: sha256Base64(imageUri), size: 0, imageUri };
  throw invalidParameter("Please provide a source for function code.");
}

function readArchitectures(body: JsonObject): string[] | undefined {
  const arch = optStringList(body, "Architectures");
  if (arch === undefined) return undefined;
  if (arch.length !== 1 || !["x86_64", "arm64"].includes(arch[0])) {
    throw validationError(`Value '[${arch.join(", ")}]' at 'architectures' failed to satisfy constraint: Member must have length 1 and be one of [x86_64, arm64]`);
  }
  return arch;
}

/** Configuration members shared by CreateFunction and UpdateFunctionConfiguration. */
function readConfigMembers(body: JsonObject): Partial<FunctionConfig> {
  const out: Partial<FunctionConfig> = {};
  const role = optString(body, "Role");
  if (role !== undefined) out.Role = checkPattern(role, "Role", ROLE_PATTERN);
  const runtime = optString(body, "Runtime");
  if (runtime !== undefined) out.Runtime = runtime;
  const handler = optString(body, "Handler");
  if (handler !== undefined) out.Handler = handler;
  const description = optString(body, "Description");
  if (description !== undefined) out.Description = description;
  // Ranges from the API reference: Timeout 1..900 s, MemorySize 128..10240 MB.
  const timeout = optInt(body, "Timeout", 1, 900);
  if (timeout !== undefined) out.Timeout = timeout;
  const memory = optInt(body, "MemorySize", 128, 10240);
  if (memory !== undefined) out.MemorySize = memory;
  const env = optObject(body, "Environment");
  if (env !== undefined) out.Environment = { Variables: optStringMap(env, "Variables") ?? {} };
  const layers = optStringList(body, "Layers");
  if (layers !== undefined) out.Layers = layers.map((Arn) => ({ Arn, CodeSize: 0 }));
  return out;
}

export function createFunction(ctx: OpContext, body: JsonObject): OpResult {
  const { accountId, region } = ctx.scope;
  const rawName = reqString(body, "FunctionName");
  const ref = parseFunctionName(rawName);
  assertInScope(ref, ctx.scope, "CreateFunction", rawName);
  if (ref.qualifier) throw invalidParameter("Unqualified function name expected for CreateFunction.");
  checkPattern(reqString(body, "Role"), "Role", ROLE_PATTERN);
  const codeMember = optObject(body, "Code");
  if (!codeMember) throw validationError("Value null at 'code' failed to satisfy constraint: Member must not be null");
  const code = readCode(codeMember);
  const packageType = optString(body, "PackageType") ?? (code.imageUri ? "Image" : "Zip");
  if (packageType !== "Zip" && packageType !== "Image") {
    throw validationError(`Value '${packageType}' at 'packageType' failed to satisfy constraint: Member must satisfy enum value set: [Image, Zip]`);
  }
  const members = readConfigMembers(body);
  if (packageType === "Zip" && (!members.Runtime || !members.Handler)) {
    throw invalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  }
  if (packageType === "Image" && !code.imageUri) throw invalidParameter("Please provide ImageUri when updating a function with packageType Image.");
  if (packageType === "Zip" && code.imageUri) throw invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
  const tags = optStringMap(body, "Tags");
  const architectures = readArchitectures(body);
  optBool(body, "Publish"); // accepted; the simulator keeps only $LATEST
  if (ctx.store.get(accountId, region, ref.name)) throw conflictExists(ref.name);

  const rec = ctx.store.build(accountId, region, {
    FunctionName: ref.name,
    ...members,
    CodeSha256: code.sha256,
    CodeSize: code.size,
    PackageType: packageType,
    Architectures: architectures ?? ["x86_64"],
    State: "Pending",
    StateReason: CREATING_REASON,
    StateReasonCode: "Creating",
    Tags: tags,
  });
  if (packageType === "Image") {
    delete rec.config.Runtime;
    delete rec.config.Handler;
  }
  delete rec.config.LastUpdateStatus;
  rec.imageUri = code.imageUri;
  rec.pendingUntil = phaseEnd(rec.pendingSince, ctx.store.delaysFor(accountId, region, ref.name).pendingMs);
  ctx.store.insert(accountId, region, rec);
  return { status: 201, body: configView(rec) };
}

/**
 * Lambda refuses changes while the function is Pending (or being deleted) and while a previous
 * update is InProgress (developer guide, "Lambda function states"), and on a stale RevisionId.
 */
function assertUpdatable(rec: FunctionRecord, body: JsonObject): void {
  const state = rec.config.State;
  if (state === "Pending" || state === "Deleting") throw conflictState(state);
  if (rec.config.LastUpdateStatus === "InProgress") throw conflictUpdateInProgress(rec.config.FunctionArn);
  const revision = optString(body, "RevisionId");
  if (revision !== undefined && revision !== rec.config.RevisionId) throw preconditionFailed();
}

function startUpdate(ctx: OpContext, rec: FunctionRecord): void {
  const { accountId, region } = ctx.scope;
  ctx.store.touch(rec);
  const end = phaseEnd(ctx.store.now(), ctx.store.delaysFor(accountId, region, rec.config.FunctionName).updateMs);
  if (end !== null && end <= ctx.store.now()) {
    rec.config.LastUpdateStatus = "Successful";
    delete rec.config.LastUpdateStatusReason;
    delete rec.config.LastUpdateStatusReasonCode;
    rec.updateUntil = null;
    return;
  }
  // No reason fields while InProgress: the LastUpdateStatusReasonCode enum has no value for it.
  rec.config.LastUpdateStatus = "InProgress";
  delete rec.config.LastUpdateStatusReason;
  delete rec.config.LastUpdateStatusReasonCode;
  rec.updateUntil = end;
}

export function updateFunctionConfiguration(ctx: OpContext, rawName: string, body: JsonObject): OpResult {
  const rec = resolveFunction(ctx, rawName, "UpdateFunctionConfiguration");
  const members = readConfigMembers(body);
  assertUpdatable(rec, body);
  Object.assign(rec.config, members);
  startUpdate(ctx, rec);
  return { status: 200, body: configView(rec) };
}

export function updateFunctionCode(ctx: OpContext, rawName: string, body: JsonObject): OpResult {
  const rec = resolveFunction(ctx, rawName, "UpdateFunctionCode");
  const code = readCode(body);
  const architectures = readArchitectures(body);
  const dryRun = optBool(body, "DryRun") ?? false;
  optBool(body, "Publish");
  if (rec.config.PackageType === "Image" && !code.imageUri) throw invalidParameter("Please provide ImageUri when updating a function with packageType Image.");
  if (rec.config.PackageType === "Zip" && code.imageUri) throw invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
  assertUpdatable(rec, body);
  if (dryRun) return { status: 200, body: { ...configView(rec), CodeSha256: code.sha256, CodeSize: code.size } };
  rec.config.CodeSha256 = code.sha256;
  rec.config.CodeSize = code.size;
  if (code.imageUri) rec.imageUri = code.imageUri;
  if (architectures) rec.config.Architectures = architectures;
  startUpdate(ctx, rec);
  return { status: 200, body: configView(rec) };
}

/** Gone at once, or after a configurable time in State Deleting; repeating it is harmless. */
export function deleteFunction(ctx: OpContext, rawName: string, query: URLSearchParams): OpResult {
  const { accountId, region } = ctx.scope;
  const rec = resolveFunction(ctx, rawName, "DeleteFunction", query);
  if (rec.config.State === "Deleting") return { status: 204 };
  const deletingMs = ctx.store.delaysFor(accountId, region, rec.config.FunctionName).deletingMs;
  if (!(deletingMs > 0)) {
    ctx.store.remove(accountId, region, rec.config.FunctionName);
    return { status: 204 };
  }
  rec.config.State = "Deleting";
  rec.config.StateReason = DELETING_REASON;
  rec.config.StateReasonCode = "Deleting";
  rec.pendingUntil = null;
  rec.deleteAt = phaseEnd(ctx.store.now(), deletingMs);
  return { status: 204 };
}
