/**
 * Whether the real servers can run here, and what the suite does when they cannot:
 * `npm test` runs the real target when the binaries of scripts/realstack-build.sh
 * and moto are present and says clearly that it skipped it otherwise; under CI=true their
 * absence is a failure. REALSTACK=1 forces the real target (its start-up error then shows why).
 */
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { findBinaries } from "../realstack/bins";

export interface Availability {
  available: boolean;
  /** Why not, when not available. */
  reason: string;
}

let cachedMoto: Availability | undefined;

/** moto[server] importable by the python the real stack uses ($REALSTACK_PYTHON or python3). */
export function motoAvailability(): Availability {
  if (cachedMoto) return cachedMoto;
  const python = process.env.REALSTACK_PYTHON ?? "python3";
  const r = spawnSync(python, ["-c", "import moto.server"], { encoding: "utf8", timeout: 20_000 });
  cachedMoto = r.status === 0
    ? { available: true, reason: "" }
    : { available: false, reason: `moto[server] is not importable by ${python} (pip install 'moto[server]', or run scripts/realstack-install.sh)` };
  return cachedMoto;
}

/** kube-apiserver, etcd and kubectl built, and moto (startRealStack starts all of them). */
export function realStackAvailability(): Availability {
  if (process.env.REALSTACK === "1") return { available: true, reason: "" };
  const bins = findBinaries();
  if (bins.missing.length > 0) {
    return { available: false, reason: `real-stack binaries missing (${bins.missing.join(", ")}); run scripts/realstack-build.sh` };
  }
  return motoAvailability();
}

export function motoOnlyAvailability(): Availability {
  if (process.env.REALSTACK === "1") return { available: true, reason: "" };
  return motoAvailability();
}

function inCi(): boolean {
  const ci = process.env.CI;
  return !!ci && ci !== "false" && ci !== "0";
}

/**
 * Declares what happens to a target that cannot run: under CI a failing test (CI must run the
 * real servers), elsewhere a skipped suite and a printed reason.
 */
export function reportUnavailable(suite: string, target: string, availability: Availability): void {
  if (availability.available) return;
  if (inCi()) {
    describe(`${suite} (${target})`, () => {
      it(`has the ${target} servers (required when CI=true)`, () => {
        throw new Error(`[conformance] ${suite}: the ${target} target cannot run under CI: ${availability.reason}`);
      });
    });
    return;
  }
  console.warn(`[conformance] ${suite}: skipped the ${target} target: ${availability.reason}`);
  describe.skip(`${suite} (${target}): ${availability.reason}`, () => {
    it.skip("needs the real servers", () => {});
  });
}
