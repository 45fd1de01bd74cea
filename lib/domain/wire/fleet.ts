/**
 * GET /api/functions and the parts of a row: each Function with its Kubernetes and AWS state and
 * its verdict, each cluster's summary, each AWS account's status. The server builds these
 * (lib/server/fleet), the browser parses them with the same schemas. Pure.
 */
import { z } from "zod";
import { HealthSchema } from "../health";
import { RemediationActionSchema } from "../remediation/actions";
import { AwsFunctionConfigSchema, ConfigFieldSchema } from "./function-config";

/** One entry of status.conditions[] (ackv1alpha1.Condition). */
const ConditionSchema = z.object({
  type: z.string(),
  status: z.string(), // "True" | "False" | "Unknown", kept open: clusters may hold anything
  lastTransitionTime: z.string().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** Why a read of AWS failed, and when (a Function's, or an account's last one). */
const AwsReadErrorSchema = z.object({ code: z.string(), message: z.string(), at: z.string() });

/** What GetFunction said, and when; or why it could not be read. */
const AwsStateSchema = z.object({
  exists: z.boolean(),
  state: z.string().nullable(),
  stateReasonCode: z.string().nullable(),
  stateReason: z.string().nullable(),
  lastUpdateStatus: z.string().nullable(),
  lastUpdateStatusReason: z.string().nullable().optional(),
  lastUpdateStatusReasonCode: z.string().nullable().optional(),
  codeSha256: z.string().nullable().optional(),
  revisionId: z.string().nullable().optional(),
  lastModified: z.string().nullable().optional(),
  /** ACK tags (services.k8s.aws/*) when known. */
  tags: z.record(z.string(), z.string()).optional(),
  /**
   * The configuration fields compared with the spec (environment variable names only). The
   * reader keeps it; rows leave it out (the detail sends the comparison, wire/detail.ts).
   */
  config: AwsFunctionConfigSchema.optional(),
  observedAt: z.string(),
  /**
   * "ListFunctions" when this comes from a complete listing of the account and region, not
   * GetFunction: existence, code hash, last modification and configuration, but no State,
   * LastUpdateStatus or tags (ListFunctions API reference). Absent: GetFunction.
   */
  via: z.literal("ListFunctions").optional(),
  /** Set when the last read failed; the other fields are then the last known values. */
  error: AwsReadErrorSchema.nullable().optional(),
});
export type AwsState = z.infer<typeof AwsStateSchema>;

/** The ACK Lambda controller found in a cluster (by label or image, never by name). */
export const ControllerInfoSchema = z.object({
  found: z.boolean(),
  namespace: z.string().nullable(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  image: z.string().nullable(),
  replicas: z.number().int().nullable(),
  readyReplicas: z.number().int().nullable(),
});
export type ControllerInfo = z.infer<typeof ControllerInfoSchema>;

/**
 * One reason of a verdict. The rows of the list, of its deltas and of the stream carry the code
 * alone (about a quarter of a row's bytes at 10,000 Functions were these sentences, read only on
 * a Function's page); the detail (wire/detail.ts) carries the sentence and its source.
 */
const ReasonSchema = z.object({
  code: z.string(),
  /** The reason as a sentence: in the detail, not in list or stream rows. */
  text: z.string().optional(),
  /** Where the rule comes from (controller version, AWS doc section): in the detail only. */
  source: z.string().optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const VerdictSchema = z.object({
  health: HealthSchema,
  summary: z.string(),
  /** ISO time since when this verdict holds, when known. */
  since: z.string().nullable(),
  reasons: z.array(ReasonSchema),
  actions: z.array(RemediationActionSchema),
  /** drift: the configuration fields where AWS and the spec disagree (wire/function-config.ts). */
  driftedFields: z.array(ConfigFieldSchema).optional(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export const FunctionRowSchema = z.object({
  id: z.string(), // "cluster/namespace/name"
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  generation: z.number().int().nullable().optional(),
  creationTimestamp: z.string().nullable().optional(),
  awsName: z.string().nullable(),
  region: z.string().nullable(),
  accountId: z.string().nullable(),
  arn: z.string().nullable(),
  statusState: z.string().nullable(),
  conditions: z.array(ConditionSchema),
  deletionTimestamp: z.string().nullable(),
  finalizers: z.array(z.string()),
  annotations: z.record(z.string(), z.string()).optional(),
  aws: AwsStateSchema.nullable(),
  verdict: VerdictSchema,
  /** True when the cluster is disconnected: the row is the last known state. */
  stale: z.boolean().optional(),
  /** When the row was last confirmed by the cluster's watch. */
  observedAt: z.string().optional(),
});
export type FunctionRow = z.infer<typeof FunctionRowSchema>;

/**
 * A row as the list, its deltas and the live stream carry it (the overview's rows): without
 * what only a Function's page shows (`conditions`, `finalizers`, `annotations`,
 * `creationTimestamp`, `generation`: the detail, wire/detail.ts, sends the whole row). At 10,000
 * Functions these were about 40% of a list answer's ~1.2 KB a row, copied by the kernel for each
 * of the ~400 answers a second 32 clients ask for.
 */
const ListedRowFieldsSchema = FunctionRowSchema.omit({ conditions: true, finalizers: true, annotations: true, creationTimestamp: true, generation: true });
export type ListedRow = z.infer<typeof ListedRowFieldsSchema>;

/**
 * The listed row on the wire: besides the fields above, it leaves out what the reader can tell
 * without it (listedRowWire below): `id` (always cluster/namespace/name), `arn` when it is the
 * function's ARN made from its region, account and AWS name in the `aws` partition (an explicit
 * `null` when there is none), `aws` and `deletionTimestamp` when null, `stale` when false.
 * ListedRowSchema puts them back, so every reader parsing with it gets a whole ListedRow.
 */
const ListedRowWireSchema = ListedRowFieldsSchema.extend({
  id: z.string().optional(),
  arn: z.string().nullable().optional(),
  aws: AwsStateSchema.nullable().optional(),
  deletionTimestamp: z.string().nullable().optional(),
});
export type ListedRowWire = z.infer<typeof ListedRowWireSchema>;

/** The ARN a Lambda function of this AWS name, account and region has in the `aws` partition (Lambda API reference: FunctionArn). */
export function lambdaFunctionArn(row: Pick<ListedRow, "region" | "accountId" | "awsName">): string | null {
  return row.region && row.accountId && row.awsName ? `arn:aws:lambda:${row.region}:${row.accountId}:function:${row.awsName}` : null;
}

/** The id a listed row on the wire has: its own when sent, else cluster/namespace/name (FunctionFacts.id). */
export function listedRowId(row: Pick<ListedRowWire, "id" | "cluster" | "namespace" | "name">): string {
  return row.id ?? `${row.cluster}/${row.namespace}/${row.name}`;
}

export const ListedRowSchema = ListedRowWireSchema.transform(
  (w): ListedRow => ({
    ...w,
    id: listedRowId(w),
    arn: w.arn === undefined ? lambdaFunctionArn(w) : w.arn,
    aws: w.aws ?? null,
    deletionTimestamp: w.deletionTimestamp ?? null,
  }),
);

/**
 * Every field of a ListedRow that listedRowWire sends or leaves for ListedRowSchema to put back.
 * A field added to ListedRow and not here fails to compile (below), so it cannot be dropped from
 * the lists silently: send it in listedRowWire, or omit it from ListedRow as detail-only.
 */
type ListedRowFieldsHandled =
  | "cluster" | "namespace" | "name" | "uid" | "resourceVersion" | "awsName" | "region" | "accountId"
  | "statusState" | "verdict" | "id" | "arn" | "aws" | "deletionTimestamp" | "stale" | "observedAt";
const everyListedFieldHandled: [Exclude<keyof ListedRow, ListedRowFieldsHandled>] extends [never] ? true : never = true;
void everyListedFieldHandled;

/** A row (whole or listed) as lists, deltas and the stream send it: the inverse of ListedRowSchema. */
export function listedRowWire(row: ListedRow): ListedRowWire {
  const out: ListedRowWire = {
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid,
    resourceVersion: row.resourceVersion,
    awsName: row.awsName,
    region: row.region,
    accountId: row.accountId,
    statusState: row.statusState,
    verdict: row.verdict,
  };
  if (row.id !== listedRowId(out)) out.id = row.id;
  if (row.arn !== lambdaFunctionArn(row)) out.arn = row.arn;
  if (row.aws) out.aws = row.aws;
  if (row.deletionTimestamp !== null) out.deletionTimestamp = row.deletionTimestamp;
  if (row.stale) out.stale = true;
  if (row.observedAt !== undefined) out.observedAt = row.observedAt;
  return out;
}

export const ClusterSummarySchema = z.object({
  name: z.string(),
  connected: z.boolean(),
  lastSyncAt: z.string().nullable(),
  error: z.string().optional(),
  functionCount: z.number().int(),
  controller: ControllerInfoSchema.optional(),
  /** What the dashboard's own identity lacks in this cluster (its permission self-check); absent when nothing or not yet known. */
  missingPermissions: z.array(z.string()).optional(),
  /** Functions per health; those of the rows sent live (GET /api/stream), or of the list's rows. */
  healthCounts: z.partialRecord(HealthSchema, z.number().int()).optional(),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

/** One AWS account and region the reader talks to, with its last error (a badge in the UI). */
export const AwsAccountStatusSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  error: AwsReadErrorSchema.nullable(),
  throttledUntil: z.string().nullable(),
  requests: z.number().int(),
});
export type AwsAccountStatus = z.infer<typeof AwsAccountStatusSchema>;

export const FunctionListResponseSchema = z.object({
  generatedAt: z.string(),
  clusters: z.array(ClusterSummarySchema),
  awsAccounts: z.array(AwsAccountStatusSchema).optional(),
  items: z.array(ListedRowSchema),
  nextCursor: z.string().optional(),
  total: z.number().int().optional(),
  /**
   * The live stream's last event id (GET /api/stream) when this list was made: the events
   * after it are newer than the list, those up to it are in it.
   */
  version: z.string().optional(),
});
export type FunctionListResponse = z.infer<typeof FunctionListResponseSchema>;
/** The list as the server sends it (its rows made by listedRowWire). */
export type FunctionListResponseWire = z.input<typeof FunctionListResponseSchema>;

/**
 * How many rows the overview's first page holds, in the API's default order (worst health
 * first): the one the browser's fleet store asks for first when it has none
 * (lib/client/fleet-store/store.ts).
 */
export const FIRST_PAGE_ROWS = 200;

/**
 * How many rows the server renders with the overview's HTML (app/page.tsx), in the same order:
 * a tall screen's worth. The table renders the rows of a 1,200 px view plus its overscan before
 * it is measured (27 + 8 rows of 44 px, components/overview/function-table.tsx); the rows
 * beyond come with the next pages from the cursor. Each row is ~1.7 KB of JSON in the page's
 * payload, made, sent, parsed and hydrated before the first row shows: 200 of them took the
 * HTML at 50,000 Functions to ~340 KB of JSON and its render ~320 ms of the server's loop.
 */
export const SERVER_RENDERED_ROWS = 50;

/**
 * GET /api/functions?since=<version>: the rows changed since a list or delta of that version
 * (`changed`: their rows now; `removed`: the ids gone), with the summaries and the version of
 * this answer. When the server cannot tell (the version is of another server process, or older
 * than the changes it keeps) it answers 410 `delta_unavailable`: the caller loads the list again.
 */
export const FunctionDeltaResponseSchema = z.object({
  generatedAt: z.string(),
  since: z.string(),
  version: z.string(),
  clusters: z.array(ClusterSummarySchema),
  awsAccounts: z.array(AwsAccountStatusSchema).optional(),
  changed: z.array(ListedRowSchema),
  removed: z.array(z.string()),
  /** Functions the server has (those the reader may see) after the change. */
  total: z.number().int(),
});
export type FunctionDeltaResponse = z.infer<typeof FunctionDeltaResponseSchema>;
export type FunctionDeltaResponseWire = z.input<typeof FunctionDeltaResponseSchema>;
