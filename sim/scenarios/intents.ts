/**
 * One builder per situation a seeded Function can be in, named after the verdict it should get
 * (docs/architecture.md "Verdicts") and saying in `note` how the real controller gets there. Each returns
 * the object, its controller-written status and the AWS side, all backdated from `now`.
 */
import { ANNOTATION, CONDITION } from "@/lib/domain/ack";
import { versionGates } from "../controller/versions";
import { awsFor, baseObject, iso, statusFor, MIN, type FnParams } from "./builders";
import type { SeededFunction } from "./types";

const CREATING = { State: "Pending", StateReason: "The function is being created.", StateReasonCode: "Creating" };
/** A role written as a user ARN: Lambda's Role pattern rejects it on every CreateFunction. */
const badRole = (account: string) => `arn:aws:iam::${account}:user/deployer`;
export const BAD_ROLE_MESSAGE = "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.";

export function healthy(p: FnParams): SeededFunction {
  const object = baseObject(p);
  const aws = awsFor(p, object);
  object.status = statusFor(p, aws, { kind: "synced" }, p.createdAt + 40_000);
  return { intent: "healthy", note: "created, Active in AWS, Synced", object, aws };
}

/**
 * The v1.7.3 Pending bug (community#2433): status.state was Pending at the first read after
 * create; the next pass refused the update on that stale state, and every pass since does.
 */
export function stuckStalePending(p: FnParams): SeededFunction {
  const object = baseObject(p);
  const aws = awsFor(p, object);
  const pendingStatus = statusFor(p, { ...aws, config: { ...aws.config, ...CREATING, LastUpdateStatus: undefined } }, { kind: "notSynced" }, p.createdAt + 3_000);
  delete pendingStatus.lastUpdateStatus;
  const gates = versionGates(p.cluster.controllerVersion);
  object.status = statusFor(p, undefined, { kind: "recoverable", message: gates.pendingMessage }, p.createdAt + 33_000, pendingStatus);
  return { intent: "stuck", note: `v${gates.version} keeps a stale Pending while AWS is Active`, object, aws };
}

/** Really Pending in AWS for a long time (forced Pending in the Lambda sim). */
export function stuckAwsPending(p: FnParams): SeededFunction {
  const object = baseObject(p);
  const aws = { ...awsFor(p, object), force: { ...CREATING, LastUpdateStatus: null } };
  object.status = statusFor(p, aws, { kind: "notSynced" }, p.createdAt + 3_000);
  return { intent: "stuck", note: "Pending in AWS too, for longer than the pending timeout", object, aws };
}

/** The seed case: stuck Pending on v1.7.3, deletion requested and blocked by the finalizer. */
export function deletionBlockedStale(p: FnParams, deletionRequestedAt: number): SeededFunction {
  const stuck = stuckStalePending(p);
  stuck.object.metadata.deletionTimestamp = iso(deletionRequestedAt);
  stuck.object.metadata.generation = 2; // a first deletionTimestamp bumps the generation
  return { ...stuck, intent: "deletion-blocked", note: "stale Pending on v1.7.3: delete refused, finalizer kept" };
}

/**
 * Deletion requested in a namespace whose account lost its role in ack-role-account-map after
 * the function was created: every reconcile fails before touching AWS or status.
 */
export function deletionBlockedUnmapped(p: FnParams, deletionRequestedAt: number): SeededFunction {
  const ok = healthy(p);
  ok.object.metadata.deletionTimestamp = iso(deletionRequestedAt);
  ok.object.metadata.generation = 2;
  // Nobody holds credentials for that account, so its AWS side is left out of the Lambda sim.
  return { intent: "deletion-blocked", note: "owner account not in ack-role-account-map: delete never attempted", object: ok.object };
}

/** A role Lambda refuses: Terminal until the spec changes; nothing in AWS. */
export function terminalBadRole(p: FnParams, message = BAD_ROLE_MESSAGE): SeededFunction {
  const object = baseObject(p);
  object.spec.role = badRole(p.account);
  object.status = statusFor(p, undefined, { kind: "terminal", message }, p.createdAt + 2_000);
  return { intent: "terminal", note: "CreateFunction refused the role", object };
}

/** State Failed in AWS with a reason code; the controller mirrors it and stays not synced. */
export function failedState(p: FnParams, code: string, reason: string): SeededFunction {
  const object = baseObject(p);
  const aws = { ...awsFor(p, object), force: { State: "Failed", StateReasonCode: code, StateReason: reason, LastUpdateStatus: "Failed", LastUpdateStatusReasonCode: code, LastUpdateStatusReason: reason } };
  object.status = statusFor(p, aws, { kind: "notSynced" }, p.createdAt + 5 * MIN);
  return { intent: "failed", note: `State Failed (${code})`, object, aws };
}

/** Active, but the last update failed (LastUpdateStatus Failed). */
export function failedUpdate(p: FnParams, code: string, reason: string, updatedAt: number): SeededFunction {
  const object = baseObject(p);
  const aws = { ...awsFor(p, object, updatedAt), force: { LastUpdateStatus: "Failed", LastUpdateStatusReasonCode: code, LastUpdateStatusReason: reason } };
  object.status = statusFor(p, aws, { kind: "synced" }, p.createdAt + 40_000);
  return { intent: "failed", note: `LastUpdateStatus Failed (${code})`, object, aws };
}

/** Synced in Kubernetes, deleted in AWS by hand since (the controller recreates it at its next resync). */
export function driftMissing(p: FnParams): SeededFunction {
  const object = baseObject(p);
  const aws = awsFor(p, object);
  object.status = statusFor(p, aws, { kind: "synced" }, p.createdAt + 40_000);
  return { intent: "drift", note: "deleted in AWS outside Kubernetes", object };
}

/** Synced in Kubernetes, but the code in AWS was replaced outside ACK (different CodeSha256). */
export function driftCode(p: FnParams): SeededFunction {
  const object = baseObject(p);
  const aws = awsFor(p, object);
  object.status = statusFor(p, aws, { kind: "synced" }, p.createdAt + 40_000);
  const other = Buffer.from(p.rng.hex(64), "hex").toString("base64");
  return { intent: "drift", note: "code changed in AWS outside Kubernetes", object, aws: { ...aws, config: { ...aws.config, CodeSha256: other } } };
}

/**
 * Synced in Kubernetes, but someone changed the configuration in the console since: the
 * controller, Synced=True, looks again only at its next resync (Helm default 10 h). `change`
 * says what was changed (a GetFunction Configuration patch, extra tags).
 */
export function driftConfig(
  p: FnParams,
  what: string,
  change: { config?: Record<string, unknown>; env?: Record<string, string>; tags?: Record<string, string>; specEnv?: Record<string, string> },
): SeededFunction {
  const ok = healthy(p);
  const aws = ok.aws!;
  if (change.specEnv) {
    // Applied by GitOps and created by the controller: in the spec and in AWS alike.
    const vars = { ...(ok.object.spec.environment?.variables ?? {}), ...change.specEnv };
    ok.object.spec.environment = { variables: vars };
    aws.config = { ...aws.config, Environment: { Variables: { ...vars } } };
  }
  const env = change.env ? { Environment: { Variables: { ...(aws.config.Environment?.Variables ?? {}), ...change.env } } } : {};
  return {
    intent: "drift",
    note: `configuration changed in the console: ${what}`,
    object: ok.object,
    aws: { ...aws, config: { ...aws.config, ...(change.config ?? {}), ...env }, tags: { ...aws.tags, ...(change.tags ?? {}) } },
  };
}

/** Synced, with an ACK.Advisory condition (an immutable field change was attempted). */
export function degradedAdvisory(p: FnParams, at: number): SeededFunction {
  const ok = healthy(p);
  ok.object.metadata.generation = 2;
  ok.object.status!.conditions = [
    ...(ok.object.status!.conditions ?? []),
    { type: CONDITION.advisory, status: "True", message: "Advisory: spec.packageType is immutable; change ignored", lastTransitionTime: iso(at) },
  ];
  return { ...ok, intent: "degraded", note: "synced with an Advisory condition" };
}

/** Inactive in AWS after weeks without invocations (Idle); counts as synced since v1.6.3. */
export function degradedInactive(p: FnParams): SeededFunction {
  const object = baseObject(p);
  const aws = { ...awsFor(p, object), force: { State: "Inactive", StateReasonCode: "Idle", StateReason: "The function is inactive because it was not invoked for an extended period." } };
  object.status = statusFor(p, aws, { kind: "synced" }, p.createdAt + 40_000);
  return { intent: "degraded", note: "Inactive (Idle) in AWS", object, aws };
}

/** Just applied by GitOps: no finalizer, no status; the live controller creates it. */
export function progressingFresh(p: FnParams): SeededFunction {
  const object = baseObject(p);
  object.metadata.finalizers = [];
  return { intent: "progressing", note: "new: the controller creates it in AWS (Pending, then Active)", object };
}

/** An update in progress in AWS (forced LastUpdateStatus InProgress). */
export function progressingUpdate(p: FnParams, at: number): SeededFunction {
  const object = baseObject(p);
  object.metadata.generation = 3;
  const aws = { ...awsFor(p, object, at), force: { LastUpdateStatus: "InProgress", LastUpdateStatusReason: "The function is being updated.", LastUpdateStatusReasonCode: "Updating" } };
  object.status = statusFor(p, aws, { kind: "synced" }, at + 1_000);
  return { intent: "progressing", note: "LastUpdateStatus InProgress", object, aws };
}

/** Never reconciled: the namespace's owner account has no credentials, so no status at all. */
export function unknownNoStatus(p: FnParams): SeededFunction {
  const object = baseObject(p);
  object.metadata.finalizers = [];
  return { intent: "unknown", note: "no status: owner account not mapped", object };
}

/** A Function whose namespace policy is retain and whose own annotation says so too. */
export function withRetainAnnotation(s: SeededFunction): SeededFunction {
  s.object.metadata.annotations = { ...(s.object.metadata.annotations ?? {}), [ANNOTATION.deletionPolicy]: "retain" };
  return s;
}
