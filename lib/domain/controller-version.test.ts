import { describe, expect, it } from "vitest";
import { compareVersions, controllerVersionOf, countsInactiveAsSynced, hasPendingBug, parseControllerVersion } from "./controller-version";
import { CONTROLLER_NOT_FOUND, controllerRunning } from "./__fixtures__";

describe("compareVersions", () => {
  it.each([
    ["1.7.3", "1.7.4", -1],
    ["1.7.4", "1.7.4", 0],
    ["v1.7.4", "1.7.4", 0],
    ["1.7.10", "1.7.4", 1],
    ["1.10.0", "1.9.9", 1],
    ["2.0.0", "10.0.0", -1],
    ["1.7.4-rc.1", "1.7.4", -1],
    ["1.7.4", "1.7.4-rc.1", 1],
    ["1.7.4-rc.1", "1.7.4-rc.2", -1],
    // semver 2.0.0 §11.4: numeric identifiers compare as numbers, below alphanumeric ones;
    // a shorter set of identifiers sorts first when the rest is equal.
    ["1.7.4-rc.10", "1.7.4-rc.2", 1],
    ["1.7.4-alpha", "1.7.4-alpha.1", -1],
    ["1.7.4-1", "1.7.4-alpha", -1],
    ["1.7.4-beta.11", "1.7.4-beta.2", 1],
    ["1.7.4-rc.2", "1.7.4-rc.10", -1],
    ["1.7.4-beta.11", "1.7.4-rc.1", -1],
    ["1.7.4+build.5", "1.7.4", 0],
    ["lambda-1.7.3", "1.7.4", -1],
  ] as const)("%s vs %s → %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it.each([["latest"], ["1.7"], [""], [null], [undefined], ["sha256:abc"], ["1.7.3.1"], ["vv1.7.3"]])("%j is not a version", (text) => {
    expect(compareVersions(text, "1.7.4")).toBeNull();
    expect(parseControllerVersion(text)).toBeNull();
  });
});

describe("hasPendingBug (community#2433, fixed in 1.7.4)", () => {
  it.each([
    ["1.7.3", true],
    ["v1.7.3", true],
    ["0.1.4", true],
    ["1.7.4", false],
    ["v1.7.4", false],
    ["1.14.1", false],
    ["1.7.4-rc.1", true],
    ["latest", null],
    [null, null],
  ] as const)("%s → %s", (version, expected) => {
    expect(hasPendingBug(version)).toBe(expected);
  });
});

describe("countsInactiveAsSynced (v1.6.3+)", () => {
  it("turns at 1.6.3", () => {
    expect([countsInactiveAsSynced("1.6.2"), countsInactiveAsSynced("1.6.3"), countsInactiveAsSynced(null)]).toEqual([false, true, null]);
  });
});

describe("controllerVersionOf", () => {
  it("prefers the label, falls back to the image tag, ignores digests", () => {
    expect(controllerVersionOf(controllerRunning("v1.7.3"))).toBe("1.7.3");
    expect(controllerVersionOf(controllerRunning(null, { image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:v0.1.4" }))).toBe("0.1.4");
    expect(controllerVersionOf(controllerRunning("main", { image: "registry:5000/lambda-controller:1.9.0" }))).toBe("1.9.0");
    expect(controllerVersionOf(controllerRunning(null, { image: "public.ecr.aws/aws-controllers-k8s/lambda-controller@sha256:0123" }))).toBeNull();
    expect(controllerVersionOf(controllerRunning(null, { image: "registry:5000/lambda-controller" }))).toBeNull();
    expect(controllerVersionOf(CONTROLLER_NOT_FOUND)).toBeNull();
    expect(controllerVersionOf(null)).toBeNull();
  });
});
