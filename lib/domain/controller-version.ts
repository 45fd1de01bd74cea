/**
 * Versions of the ACK Lambda controller, as found on its Deployment (label
 * app.kubernetes.io/version or image tag: "1.7.3", "v1.0.2" before 1.1.0) or on the AWS tag
 * services.k8s.aws/controller-version ("lambda-1.7.3").
 */
import compare from "semver/functions/compare";
import { PENDING_BUG_FIXED_IN } from "./ack";
import type { ControllerInfo } from "./wire/fleet";

export interface ControllerVersion {
  major: number;
  minor: number;
  patch: number;
  /** "rc.1" etc.; a pre-release sorts before its release (semver 2.0.0 §11). */
  prerelease: string | null;
}

const VERSION = /^(?:lambda-)?v?(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:-([0-9A-Za-z.-]{1,64}))?(?:\+[0-9A-Za-z.-]{1,64})?$/;

/** The version in a label, an image tag or the AWS tag; null for anything else (a digest, "latest"). */
export function parseControllerVersion(text: string | null | undefined): ControllerVersion | null {
  if (typeof text !== "string") return null;
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ?? null };
}

/** "1.7.4-rc.10" without the "lambda-" and "v" prefixes and build metadata, for semver. */
function semverOf(v: ControllerVersion): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ""}`;
}

/**
 * -1, 0 or 1 like a sort comparator, by semver 2.0.0 precedence (the `semver` package: numeric
 * pre-release identifiers compare as numbers, so rc.10 comes after rc.2); null when either side
 * is not a version (an image pinned by digest, a "latest" tag): callers must treat that as
 * "unknown", never as "old".
 */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): -1 | 0 | 1 | null {
  const x = parseControllerVersion(a);
  const y = parseControllerVersion(b);
  if (!x || !y) return null;
  return compare(semverOf(x), semverOf(y));
}

/**
 * True for controllers before v1.7.4: their update path checks the desired object's stale
 * status.state instead of the state just read from AWS, so a function created Pending stays
 * Pending in Kubernetes forever (aws-controllers-k8s/community#2433, fixed by lambda-controller PR 174).
 * Null when the version is unknown.
 */
export function hasPendingBug(version: string | null | undefined): boolean | null {
  const cmp = compareVersions(version, PENDING_BUG_FIXED_IN);
  return cmp === null ? null : cmp < 0;
}

/** Before v1.6.3 the controller counted only Active as synced, so Inactive functions never synced. */
export const INACTIVE_SYNCED_SINCE = "1.6.3";

export function countsInactiveAsSynced(version: string | null | undefined): boolean | null {
  const cmp = compareVersions(version, INACTIVE_SYNCED_SINCE);
  return cmp === null ? null : cmp >= 0;
}

/** The version label, else the image tag (ignoring digests). */
export function controllerVersionOf(controller: ControllerInfo | null): string | null {
  if (!controller?.found) return null;
  if (parseControllerVersion(controller.version)) return controller.version!.trim().replace(/^v/, "");
  const image = controller.image ?? "";
  const tag = image.includes("@") ? "" : image.slice(image.lastIndexOf(":") + 1);
  return parseControllerVersion(tag) ? tag.replace(/^v/, "") : null;
}
