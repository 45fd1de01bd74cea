/**
 * Bugs of the ACK Lambda controller that the fleet can be hurt by, and the first release
 * without each: upgrade advice, the CLI's --min-controller-version and the `known_bug` label
 * of ack_fleet_controller_info all read this table. Pure data; add an entry only with a
 * citation of the issue, the fix and the release that shipped it.
 */
import { PENDING_BUG_FIXED_IN } from "./ack";
import { INACTIVE_SYNCED_SINCE, compareVersions, parseControllerVersion } from "./controller-version";

export interface ControllerBug {
  /** Stable id: the `known_bug` label value and the CLI's JSON use it. */
  id: string;
  title: string;
  /** What an operator sees on an affected Function. */
  symptom: string;
  /** The first lambda-controller release without the bug: versions before it have it. */
  fixedIn: string;
  /** The bug report, the fix and the release that carried it. */
  citation: { issue: string; fix: string; release: string };
  /**
   * The verdict reason codes (lib/domain/diagnose) that name this bug on a Function: a Function
   * whose verdict gives one of them is affected by it now.
   */
  reasonCodes: readonly string[];
}

export const CONTROLLER_BUGS: readonly ControllerBug[] = [
  {
    id: "stale-pending",
    title: "Functions stay Pending in Kubernetes forever after creation",
    symptom:
      "ACK.Recoverable=True \"function in 'Pending' state, cannot be modified or deleted\" long after AWS made the function Active; updates and deletion are refused, so a deleted Function keeps its finalizer.",
    fixedIn: PENDING_BUG_FIXED_IN,
    citation: {
      issue: "aws-controllers-k8s/community#2433",
      fix: "aws-controllers-k8s/lambda-controller#174 (check the latest status from AWS, not the desired object's, in sdkUpdate)",
      release: `lambda-controller v${PENDING_BUG_FIXED_IN}`,
    },
    reasonCodes: ["pending-bug"],
  },
  {
    id: "inactive-never-synced",
    title: "Idle (Inactive) functions never count as synced",
    symptom:
      "A function Lambda made Inactive after idling stays ACK.ResourceSynced=False and is requeued forever; spec updates to it never settle.",
    fixedIn: INACTIVE_SYNCED_SINCE,
    citation: {
      issue: "aws-controllers-k8s/community#2446",
      fix: "aws-controllers-k8s/lambda-controller#167 (mark a function synced when it is Active or Inactive), merged 2025-04-29",
      release: `lambda-controller v${INACTIVE_SYNCED_SINCE} (release artifacts: aws-controllers-k8s/lambda-controller#168, 2025-04-30)`,
    },
    reasonCodes: ["inactive-not-synced"],
  },
];

export function findControllerBug(id: string): ControllerBug | null {
  return CONTROLLER_BUGS.find((b) => b.id === id) ?? null;
}

/**
 * The known bugs a controller version has, oldest fix first; null when the version is not a
 * version (a digest, "latest"): unknown is never reported as "no bugs".
 */
export function knownBugs(version: string | null | undefined): ControllerBug[] | null {
  if (!parseControllerVersion(version)) return null;
  return CONTROLLER_BUGS.filter((bug) => compareVersions(version, bug.fixedIn) === -1).sort(
    (a, b) => compareVersions(a.fixedIn, b.fixedIn) ?? 0,
  );
}

/** True, false, or null when the version is unknown. */
export function hasKnownBug(version: string | null | undefined, id: string): boolean | null {
  const bugs = knownBugs(version);
  return bugs === null ? null : bugs.some((b) => b.id === id);
}

/**
 * The value of the `known_bug` label: the ids joined by ",", "" when none, "unknown" when the
 * version is unknown (deploy/prometheus/README.md).
 */
export function knownBugLabel(version: string | null | undefined): string {
  const bugs = knownBugs(version);
  if (bugs === null) return "unknown";
  return bugs.map((b) => b.id).sort().join(",");
}

/** The lowest version that has none of the known bugs: the upgrade target to advise. */
export function firstVersionWithoutKnownBugs(): string {
  return CONTROLLER_BUGS.map((b) => b.fixedIn).reduce((a, b) => ((compareVersions(a, b) ?? 0) >= 0 ? a : b));
}

/**
 * How many of these rows each known bug affects now (its reason codes are among the row's
 * verdict reasons), by bug id; every bug of the table has an entry.
 */
export function functionsAffected(rows: Iterable<{ verdict: { reasons: ReadonlyArray<{ code: string }> } }>): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(CONTROLLER_BUGS.map((b) => [b.id, 0]));
  for (const row of rows) {
    for (const bug of CONTROLLER_BUGS) {
      if (row.verdict.reasons.some((r) => bug.reasonCodes.includes(r.code))) counts[bug.id]++;
    }
  }
  return counts;
}
