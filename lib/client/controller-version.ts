/**
 * Controller versions as the cluster reports them ("1.7.3", "v1.7.3", image tags, or the AWS
 * tag form "lambda-1.7.3"), compared numerically.
 */
import { PENDING_BUG_FIXED_IN } from "@/lib/domain/ack";

/** [major, minor, patch] or null when the text holds no version. */
export function parseVersion(text: string | null | undefined): [number, number, number] | null {
  const m = text?.match(/(\d+)\.(\d+)(?:\.(\d+))?/);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Negative when a < b, positive when a > b, 0 when equal; null when either is not a version. */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number | null {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return null;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * True when this controller still has the Pending bug: before v1.7.4 (PR 174) the update path
 * checked the desired object's stale status.state instead of the state read from AWS
 * (aws-controllers-k8s/community#2433). Null when the version is unknown.
 */
export function hasPendingBug(version: string | null | undefined): boolean | null {
  const c = compareVersions(version, PENDING_BUG_FIXED_IN);
  return c === null ? null : c < 0;
}
