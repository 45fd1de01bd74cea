/**
 * The fixed cast of the demo fleet: clusters, accounts, regions, namespaces, and the word lists
 * Function names are drawn from. Account ids are AWS's documentation examples.
 */
import { ANNOTATION } from "@/lib/domain/ack";
import type { AccountPlan } from "./types";

export const ACCOUNT_A = "111122223333";
export const ACCOUNT_B = "444455556666";
/** An account no controller and no dashboard has credentials for (CARM mapping missing). */
export const ACCOUNT_UNMAPPED = "777788889999";

export const REGIONS = ["eu-west-1", "us-east-1", "us-west-2"] as const;

/** Sim-only keys; the Lambda sim maps accessKeyId → account. */
export const ACCOUNTS: AccountPlan[] = [
  { accountId: ACCOUNT_A, accessKeyId: "AKIASIMA111122223333", secretAccessKey: "sim-secret-a-not-a-real-key" },
  { accountId: ACCOUNT_B, accessKeyId: "AKIASIMB444455556666", secretAccessKey: "sim-secret-b-not-a-real-key" },
];

export const STALE_CONTROLLER_VERSION = "1.7.3";
export const CURRENT_CONTROLLER_VERSION = "1.14.1";

export interface ClusterCast {
  name: string;
  controllerVersion: string;
  defaultRegion: string;
  defaultAccountId: string;
  /** Short prefix of AWS function names, so names are unique per account and region. */
  prefix: string;
  namespaces: Array<{ name: string; annotations: Record<string, string> }>;
}

export const CLUSTERS: ClusterCast[] = [
  {
    name: "prod-eu",
    controllerVersion: CURRENT_CONTROLLER_VERSION,
    defaultRegion: "eu-west-1",
    defaultAccountId: ACCOUNT_A,
    prefix: "pe",
    namespaces: [
      { name: "payments", annotations: { [ANNOTATION.namespaceDefaultRegion]: "eu-west-1" } },
      { name: "orders", annotations: {} },
      { name: "search", annotations: { [ANNOTATION.namespaceDefaultRegion]: "us-east-1" } },
      { name: "platform", annotations: {} },
    ],
  },
  {
    // The cluster nobody upgraded: v1.7.3 has the Pending bug (community#2433).
    name: "prod-us",
    controllerVersion: STALE_CONTROLLER_VERSION,
    defaultRegion: "us-east-1",
    defaultAccountId: ACCOUNT_B,
    prefix: "pu",
    namespaces: [
      { name: "checkout", annotations: {} },
      { name: "notifications", annotations: {} },
      { name: "media", annotations: { [ANNOTATION.namespaceDefaultRegion]: "us-west-2" } },
    ],
  },
  {
    name: "staging",
    controllerVersion: CURRENT_CONTROLLER_VERSION,
    defaultRegion: "us-east-1",
    defaultAccountId: ACCOUNT_A,
    prefix: "st",
    namespaces: [
      { name: "qa", annotations: { [ANNOTATION.namespaceDeletionPolicy]: "retain" } },
      // Cross-account (CARM): functions of this namespace live in account B.
      { name: "sandbox", annotations: { [ANNOTATION.ownerAccountId]: ACCOUNT_B, [ANNOTATION.namespaceDefaultRegion]: "us-west-2" } },
      // An account nobody mapped in ack-role-account-map: the controller fails before writing status.
      { name: "legacy-imports", annotations: { [ANNOTATION.ownerAccountId]: ACCOUNT_UNMAPPED } },
    ],
  },
];

export const SERVICES = [
  "invoice", "ledger", "refund", "fraud", "cart", "shipping", "catalog", "pricing", "inventory", "profile",
  "session", "email", "sms", "push", "thumbnail", "transcode", "report", "audit", "export", "webhook",
] as const;

export const PURPOSES = [
  "handler", "worker", "consumer", "processor", "resizer", "sync", "notifier", "scheduler", "validator", "indexer",
] as const;

export const RUNTIMES = ["nodejs20.x", "nodejs22.x", "python3.12", "python3.13", "java21", "provided.al2023"] as const;

/** The seed case (aws-controllers-k8s/community#2433): stuck Pending on v1.7.3, deletion requested, blocked by the finalizer. */
export const SEED_CASE = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" } as const;

/** Must be shown as text, never interpreted (XSS probe). */
export const XSS_PROBE = "<img src=x onerror=alert(1)>";
export const XSS_CASE = { cluster: "staging", namespace: "qa", name: "html-in-error-probe" } as const;
