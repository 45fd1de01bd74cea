/**
 * Which behaviour of the ACK Lambda controller applies to which release (docs/ack-lambda-controller.md).
 * The model reads these gates instead of comparing version strings all over the code.
 */
import { PENDING_BUG_FIXED_IN, PENDING_MESSAGE, PENDING_MESSAGE_PRE_V1 } from "@/lib/domain/ack";

/** "1.7.3", "v1.14.1", "1.14.1-rc.1" → [1, 7, 3]; anything unparsable is an error. */
export function parseVersion(version: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  if (!m) throw new Error(`not a controller version: ${JSON.stringify(version)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function atLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

export interface VersionGates {
  /** Normalised, without a leading "v" (image tags have none since 1.1.0). */
  version: string;
  /**
   * v1.7.4 (PR 174) reads the state just fetched from AWS on the update path; before it the
   * stale `status.state` of the desired object was checked, so a Function that was Pending once
   * stays "Pending" forever (community#2433).
   */
  pendingBugFixed: boolean;
  /** v1.6.3+: Inactive counts as synced too; before only Active. */
  inactiveIsSynced: boolean;
  /** v1.9.2+ (newer runtime): a `Ready` condition summarising Terminal, Recoverable, Synced. */
  readyCondition: boolean;
  /** v1.12.0+: after DeleteFunction, wait (5 s requeue) until GetFunction says NotFound. */
  waitsForDeletion: boolean;
  /** Before v1.0 the Pending message started with a capital F. */
  pendingMessage: string;
}

const gatesCache = new Map<string, VersionGates>();

/** Memoised: seeding a large fleet asks for the same few versions tens of thousands of times. */
export function versionGates(version: string): VersionGates {
  let g = gatesCache.get(version);
  if (!g) {
    g = computeGates(version);
    gatesCache.set(version, g);
  }
  return { ...g };
}

function computeGates(version: string): VersionGates {
  const [major, minor, patch] = parseVersion(version);
  const v = `${major}.${minor}.${patch}`;
  return {
    version: v,
    pendingBugFixed: atLeast(v, PENDING_BUG_FIXED_IN),
    inactiveIsSynced: atLeast(v, "1.6.3"),
    readyCondition: atLeast(v, "1.9.2"),
    waitsForDeletion: atLeast(v, "1.12.0"),
    pendingMessage: major < 1 ? PENDING_MESSAGE_PRE_V1 : PENDING_MESSAGE,
  };
}
