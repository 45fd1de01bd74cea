import "server-only";
import { ACK_FUNCTION_FINALIZER, ACK_TAG, ANNOTATION } from "@/lib/domain/ack";
import { eligibility } from "@/lib/domain/eligibility";
import type { FunctionFacts } from "@/lib/domain/function-object";
import { functionId, type FunctionRef } from "@/lib/domain/function-ref";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { Check } from "@/lib/domain/wire/remediation";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import type { LiveFunction } from "../aws/delete";
import { reviewAccess, type AccessVerb } from "../auth/access";
import { describeIdentity, type Identity } from "../auth/identity";
import { getFunctionObject } from "../kube/writes";
import type { AwsActionBody, ObjectActionBody, RemediationBody } from "./body";
import { refuse } from "./errors";
import type { Step } from "./execute";
import { rawHasAnnotations, removeAckFinalizerPatch, retainPolicyPatch } from "./operations";
import type { AwsFunctionRef, ClusterHandle, RemediationWorld } from "./world";

/**
 * Every guard of a remediation, run against the world as it is now (remediation guards 1-4,
 * docs/architecture.md): the cluster exists; Kubernetes authorises the person (and, for an approval, the
 * requester too); the object is read fresh from the API server; the typed name matches; the
 * resourceVersion is the one the operator saw; eligibility() finds no blocker. The result is
 * the plan to run, with its warnings and a checklist. Any refusal throws a RemediationError.
 */

export type { Check };

export interface Plan {
  action: RemediationAction;
  target: FunctionRef;
  uid: string | null;
  preconditions: Record<string, unknown>;
  steps: Step[];
  warnings: string[];
  checks: Check[];
  /** The AWS function an object action leaves behind (offered for clean-up afterwards). */
  residual: (AwsFunctionRef & { retained: boolean }) | null;
}

/** The Kubernetes verbs each action needs on the Function (delete-aws-function: managing that Function's namespace). */
export const ACTION_VERBS: Record<RemediationAction, AccessVerb[]> = {
  "request-deletion": ["delete"],
  "retain-and-delete": ["patch", "delete"],
  "remove-finalizer": ["patch"],
  "delete-aws-function": ["delete"],
};

/**
 * atCurrentVersion: a batch preview checks the object as it is now and records its
 * resourceVersion (the run then requires that one); every other request names the version
 * the operator saw.
 */
export interface PrepareOptions {
  atCurrentVersion?: boolean;
}

export async function preparePlan(world: RemediationWorld, actors: Identity[], target: FunctionRef, body: RemediationBody, options: PrepareOptions = {}): Promise<Plan> {
  const handle = world.cluster(target.cluster);
  if (!handle) throw refuse.notFound(`no cluster named ${target.cluster.slice(0, 100)}`);
  const checks: Check[] = actors.map((a) => ({ label: "Signed in", state: "passed", detail: `${describeIdentity(a)} (${a.mode} mode)` }));
  checks.push(...(await authorise(handle, actors, ACTION_VERBS[body.action], target)));
  return body.action === "delete-aws-function"
    ? prepareAwsDeletion(world, handle, target, body, checks)
    : prepareObjectAction(world, handle, target, body, checks, options);
}

async function authorise(handle: ClusterHandle, actors: Identity[], verbs: AccessVerb[], target: FunctionRef): Promise<Check[]> {
  const checks: Check[] = [];
  for (const actor of actors) {
    for (const verb of verbs) {
      const r = await reviewAccess(handle.ctx, actor, verb, target);
      if (!r.allowed) throw r.unavailable ? refuse.upstream(`access review failed: ${r.reason}`) : refuse.forbidden(r.reason);
      checks.push({ label: `Kubernetes allows ${verb}`, state: "passed", detail: `${actor.user} may ${verb} this Function (${actor.mode === "proxy" ? "SubjectAccessReview" : "SelfSubjectAccessReview"})` });
    }
  }
  return checks;
}

type Fresh = { facts: FunctionFacts; raw: unknown } | null;

/** GET from the API server; null when the object does not exist. */
async function readFresh(handle: ClusterHandle, target: FunctionRef): Promise<Fresh> {
  const got = await getFunctionObject(handle.ctx.kc, target);
  if (!got.ok) {
    if (got.failure === "not-found") return null;
    throw refuse.upstream(`could not read the Function from the cluster: ${got.message}`);
  }
  const parsed = handle.readFunction(got.body);
  if (!parsed.ok) throw refuse.conflict(`the Function exists but cannot be read (${parsed.error}): fix it with kubectl`, "malformed_object");
  return { facts: parsed.facts, raw: got.body };
}

function blockerError(action: RemediationAction, blockers: string[]) {
  return refuse.conflict(`${action} is not allowed now: ${blockers.join(" ")}`, "not_eligible");
}

async function prepareObjectAction(world: RemediationWorld, handle: ClusterHandle, target: FunctionRef, body: ObjectActionBody, checks: Check[], options: PrepareOptions): Promise<Plan> {
  const fresh = await readFresh(handle, target);
  if (!fresh) throw refuse.notFound(`no Function ${target.namespace}/${target.name} in cluster ${target.cluster} (it may have just been deleted)`);
  const fn = fresh.facts;
  if (body.confirm !== target.name) throw refuse.badRequest(`confirm must be the Function's name, "${target.name}"`);
  checks.push({ label: "Name typed", state: "passed", detail: target.name });
  if (!options.atCurrentVersion && body.expectedResourceVersion !== fn.resourceVersion) {
    throw refuse.conflict(
      `the Function changed since you looked (resourceVersion ${fn.resourceVersion}, you saw ${body.expectedResourceVersion}): nothing was done; review it again`,
    );
  }
  checks.push({ label: "Unchanged since you looked", state: "passed", detail: `resourceVersion ${fn.resourceVersion}, uid ${fn.uid}` });
  const e = eligibility(body.action, fn, world.awsState(fn.id), handle.controller, world.now(), world.settings);
  if (!e.allowed) throw blockerError(body.action, e.blockers);
  checks.push({ label: "Eligible", state: "passed", detail: "no blocker" });
  for (const w of e.warnings) checks.push({ label: "Warning", state: "warning", detail: w });

  const preconditions: Record<string, unknown> = { uid: fn.uid, resourceVersion: fn.resourceVersion, finalizers: fn.finalizers };
  // Which AWS function this object manages: the audit log then knows what a removal left behind.
  if (fn.accountId && fn.region && fn.awsName) preconditions.aws = { accountId: fn.accountId, region: fn.region, functionName: fn.awsName, arn: fn.arn };
  const steps = objectSteps(body.action, fn, fresh.raw, preconditions);
  return { action: body.action, target, uid: fn.uid, preconditions, steps, warnings: e.warnings, checks, residual: residualOf(body.action, fn, world) };
}

function objectSteps(action: ObjectActionBody["action"], fn: FunctionFacts, raw: unknown, pre: Record<string, unknown>): Step[] {
  const del: Step = { kind: "delete", title: "Request deletion (DELETE with uid and resourceVersion preconditions)", uid: fn.uid, resourceVersion: fn.resourceVersion };
  if (action === "request-deletion") return [del];
  if (action === "remove-finalizer") {
    const ops = removeAckFinalizerPatch(fn);
    // eligibility() blocks when the finalizer is absent; this is the belt to its braces.
    if (!ops) throw refuse.conflict(`the finalizer ${ACK_FUNCTION_FINALIZER} is not set`, "not_eligible");
    pre.finalizerIndex = fn.finalizers.indexOf(ACK_FUNCTION_FINALIZER);
    return [{ kind: "patch", title: `Remove ${ACK_FUNCTION_FINALIZER} (JSON patch with test operations)`, ops }];
  }
  const steps: Step[] = [];
  const alreadyRetain = fn.annotations[ANNOTATION.deletionPolicy] === "retain";
  if (!alreadyRetain) {
    steps.push({ kind: "patch", title: `Set ${ANNOTATION.deletionPolicy}: retain (JSON patch with test operations)`, ops: retainPolicyPatch(fn, rawHasAnnotations(raw)) });
  }
  if (!fn.deletionTimestamp) steps.push({ ...del, afterPatch: !alreadyRetain });
  return steps;
}

function residualOf(action: RemediationAction, fn: FunctionFacts, world: RemediationWorld): Plan["residual"] {
  if (action !== "remove-finalizer" && action !== "retain-and-delete") return null;
  if (!fn.accountId || !fn.region || !fn.awsName) return null;
  if (world.awsState(fn.id)?.exists === false) return null;
  return { accountId: fn.accountId, region: fn.region, functionName: fn.awsName, arn: fn.arn, retained: action === "retain-and-delete" };
}

/** AwsState from a fresh GetFunction, for eligibility(). */
export function awsStateOf(live: LiveFunction, now: number): AwsState {
  const observedAt = new Date(now).toISOString();
  if (live.kind === "found") {
    return { exists: true, state: live.state, stateReasonCode: null, stateReason: null, lastUpdateStatus: null, revisionId: live.revisionId, tags: live.tags, observedAt, error: null };
  }
  if (live.kind === "not-found") return { exists: false, state: null, stateReasonCode: null, stateReason: null, lastUpdateStatus: null, observedAt, error: null };
  return { exists: false, state: null, stateReasonCode: null, stateReason: null, lastUpdateStatus: null, observedAt, error: { code: live.code, message: live.message, at: observedAt } };
}

async function prepareAwsDeletion(world: RemediationWorld, handle: ClusterHandle, target: FunctionRef, body: AwsActionBody, checks: Check[]): Promise<Plan> {
  const loc = body.aws;
  if (body.confirm !== loc.functionName) throw refuse.badRequest(`confirm must be the AWS function's name, "${loc.functionName}"`);
  checks.push({ label: "Name typed", state: "passed", detail: loc.functionName });
  const fresh = await readFresh(handle, target);
  // Tags are re-read now, never taken from a cache: they are the proof that ACK made it.
  const live = await world.lambda.readFunction(loc);
  if (live.kind === "error") throw refuse.upstream(`could not read the function in AWS: ${live.code}: ${live.message}`);
  if (live.kind === "found" && body.expectedRevisionId && live.revisionId !== body.expectedRevisionId) {
    throw refuse.conflict(`the AWS function changed since you looked (RevisionId ${live.revisionId}, you saw ${body.expectedRevisionId}): nothing was done`);
  }
  const now = world.now();
  const e = eligibility("delete-aws-function", fresh?.facts ?? null, awsStateOf(live, now), handle.controller, now, world.settings);
  const blockers = [...e.blockers];
  if (live.kind === "found") {
    const taggedNs = live.tags[ACK_TAG.namespace];
    if (taggedNs && taggedNs !== target.namespace) {
      blockers.push(`ACK created this function for namespace ${taggedNs}, not ${target.namespace}: clean it up from a Function of that namespace.`);
    }
    const owners = world.liveOwners({ ...loc, arn: live.arn }).filter((id) => fresh || id !== functionId(target));
    if (owners.length) blockers.push(`A live Function object still manages it (${owners.slice(0, 3).join(", ")}): never delete it from here.`);
  }
  if (blockers.length) throw blockerError("delete-aws-function", blockers);
  checks.push({ label: "Kubernetes object gone", state: "passed", detail: `${target.namespace}/${target.name} does not exist in ${target.cluster}` });
  const found = live as Extract<LiveFunction, { kind: "found" }>;
  checks.push({ label: "Created by ACK", state: "passed", detail: `tags ${ACK_TAG.controllerVersion}=${found.tags[ACK_TAG.controllerVersion]}, ${ACK_TAG.namespace}=${found.tags[ACK_TAG.namespace]}` });
  for (const w of e.warnings) checks.push({ label: "Warning", state: "warning", detail: w });
  const functionName = found.arn ?? loc.functionName;
  return {
    action: "delete-aws-function",
    target,
    uid: null,
    preconditions: { aws: { ...loc, arn: found.arn }, revisionId: found.revisionId, tags: found.tags, kubernetesObject: "absent" },
    steps: [{ kind: "aws-delete", title: `DeleteFunction ${loc.functionName} in ${loc.accountId} ${loc.region}`, loc: { ...loc, functionName } }],
    warnings: e.warnings,
    checks,
    residual: null,
  };
}
