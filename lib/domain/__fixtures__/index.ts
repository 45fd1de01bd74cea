/**
 * Test support for lib/domain: the fixed clock, the Function fixtures (real objects as the API
 * server returns them, one per situation) and small builders for the AWS and controller views.
 * Imported by *.test.ts only.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FunctionFacts, toFunctionFacts } from "../function-object";
import type { AwsState, ControllerInfo, Verdict } from "../wire/fleet";
import { DEFAULT_DIAGNOSE_SETTINGS } from "../diagnose-settings";

export const NOW = Date.parse("2025-06-02T12:00:00Z");
export const SETTINGS = DEFAULT_DIAGNOSE_SETTINGS;
export const CLUSTER = "prod-eu";
export const SHA = "nR4sB1y0cR3KqYtq6m7cUo0mHn1vNfD5E4cK8d2gW9Q=";
export const MINUTE = 60_000;

const DIR = fileURLToPath(new URL(".", import.meta.url));

export function fixtureNames(): string[] {
  return readdirSync(DIR).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));
}

/** A fresh deep copy each time, so a test may edit it. */
export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, "utf8")) as Record<string, unknown>;
}

export function factsOf(name: string, ns?: { annotations?: Record<string, string> }): FunctionFacts {
  return factsFromObject(loadFixture(name), ns);
}

export function factsFromObject(obj: unknown, ns?: { annotations?: Record<string, string> }): FunctionFacts {
  const result = toFunctionFacts(obj, CLUSTER, ns);
  if (!result.ok) throw new Error(`fixture did not parse: ${result.error}`);
  return result.facts;
}

/** What a fresh GetFunction said about an Active function. */
export function awsActive(overrides: Partial<AwsState> = {}): AwsState {
  return {
    exists: true,
    state: "Active",
    stateReasonCode: null,
    stateReason: null,
    lastUpdateStatus: "Successful",
    codeSha256: SHA,
    lastModified: "2025-05-20T08:00:04.512+0000",
    observedAt: new Date(NOW - 30_000).toISOString(),
    ...overrides,
  };
}

export function awsMissing(): AwsState {
  return {
    exists: false,
    state: null,
    stateReasonCode: null,
    stateReason: null,
    lastUpdateStatus: null,
    observedAt: new Date(NOW - 30_000).toISOString(),
  };
}

export function awsReadFailed(code = "AccessDeniedException"): AwsState {
  return {
    ...awsActive(),
    error: { code, message: "User is not authorized to perform: lambda:GetFunction", at: new Date(NOW - 10_000).toISOString() },
  };
}

/** An ACK-created function whose object may be gone (tags as the controller writes them). */
export function awsAckTagged(overrides: Partial<AwsState> = {}): AwsState {
  return awsActive({
    tags: { "services.k8s.aws/controller-version": "lambda-1.7.3", "services.k8s.aws/namespace": "payments" },
    ...overrides,
  });
}

export function controllerRunning(version: string | null, overrides: Partial<ControllerInfo> = {}): ControllerInfo {
  return {
    found: true,
    namespace: "ack-system",
    name: "ack-lambda-controller-lambda-chart",
    version,
    image: `public.ecr.aws/aws-controllers-k8s/lambda-controller:${version ?? "latest"}`,
    replicas: 1,
    readyReplicas: 1,
    ...overrides,
  };
}

export function controllerDown(version = "1.14.1"): ControllerInfo {
  return controllerRunning(version, { readyReplicas: 0 });
}

export const CONTROLLER_NOT_FOUND: ControllerInfo = {
  found: false,
  namespace: null,
  name: null,
  version: null,
  image: null,
  replicas: null,
  readyReplicas: null,
};

/** The parts of a verdict a test compares whole: reasons by code. */
export function shape(v: Verdict) {
  return { health: v.health, summary: v.summary, since: v.since, reasons: v.reasons.map((r) => r.code), actions: v.actions };
}
