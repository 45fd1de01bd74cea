/**
 * The Kubernetes view (what the controller last wrote into status) next to the live AWS view
 * (GetFunction), field by field, with the differences marked. The status fields mirror
 * GetFunction's Configuration (docs/ack-lambda-controller.md "The Function resource"); they can be stale, and a
 * difference in `state` is how the v1.7.3 Pending bug shows (community#2433).
 */
import type { AwsState, ListedRow } from "@/lib/domain/wire/fleet";
import { parseTime } from "./format";

export interface StateField {
  key: string;
  label: string;
  kubernetes: string | null;
  aws: string | null;
  /** Both sides known and different, or known on one side only while AWS was read. */
  differs: boolean;
}

type StatusKey =
  | "state"
  | "stateReasonCode"
  | "stateReason"
  | "lastUpdateStatus"
  | "lastUpdateStatusReasonCode"
  | "lastUpdateStatusReason"
  | "codeSHA256"
  | "revisionID"
  | "lastModified";

const FIELDS: Array<{ key: StatusKey; label: string; aws: keyof AwsState; time?: boolean }> = [
  { key: "state", label: "State", aws: "state" },
  { key: "stateReasonCode", label: "State reason code", aws: "stateReasonCode" },
  { key: "stateReason", label: "State reason", aws: "stateReason" },
  { key: "lastUpdateStatus", label: "Last update status", aws: "lastUpdateStatus" },
  { key: "lastUpdateStatusReasonCode", label: "Last update reason code", aws: "lastUpdateStatusReasonCode" },
  { key: "lastUpdateStatusReason", label: "Last update reason", aws: "lastUpdateStatusReason" },
  { key: "codeSHA256", label: "Code SHA-256", aws: "codeSha256" },
  { key: "revisionID", label: "Revision ID", aws: "revisionId" },
  { key: "lastModified", label: "Last modified", aws: "lastModified", time: true },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `status` of the full object, when it is an object. */
function objectStatus(object: unknown): Record<string, unknown> {
  return isRecord(object) && isRecord(object.status) ? object.status : {};
}

/** Any scalar as text; objects and arrays are not state fields and read as unknown. */
function asText(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function sameValue(a: string, b: string, time: boolean): boolean {
  if (time) {
    const x = parseTime(a);
    const y = parseTime(b);
    if (x !== null && y !== null) return x === y;
  }
  return a === b;
}

export function compareStates(row: Pick<ListedRow, "statusState" | "aws">, object: unknown): StateField[] {
  const status = objectStatus(object);
  const aws = row.aws;
  const awsRead = Boolean(aws && aws.exists);
  const fields: StateField[] = [
    {
      key: "exists",
      label: "Function exists",
      kubernetes: "Yes (object present)",
      aws: aws ? (aws.exists ? "Yes" : "No (not found in AWS)") : null,
      differs: Boolean(aws && !aws.exists),
    },
  ];
  for (const f of FIELDS) {
    const kubernetes = f.key === "state" ? (row.statusState ?? asText(status.state)) : asText(status[f.key]);
    const awsValue = awsRead ? asText(aws?.[f.aws]) : null;
    let differs = false;
    if (awsRead) {
      if (kubernetes !== null && awsValue !== null) differs = !sameValue(kubernetes, awsValue, Boolean(f.time));
      // A state on one side only is a difference; an absent reason on one side is not.
      else if (f.key === "state") differs = kubernetes !== awsValue;
    }
    fields.push({ key: f.key, label: f.label, kubernetes, aws: awsValue, differs });
  }
  return fields;
}
