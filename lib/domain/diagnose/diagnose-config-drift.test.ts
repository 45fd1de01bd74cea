/**
 * drift, field by field: the healthy fixture (memory 256, timeout 30, arm64) against AWS
 * configurations that agree with it or were changed outside Kubernetes.
 */
import { describe, expect, it } from "vitest";
import { NOW, SETTINGS, awsActive, controllerRunning, factsOf } from "../__fixtures__";
import { readAwsConfig } from "../function-config/read";
import { VerdictSchema, type AwsState } from "../wire/fleet";
import { diagnose } from ".";

const CURRENT = controllerRunning("1.14.1");
const FIXTURE_AWS = {
  Runtime: "python3.12",
  Handler: "app.handler",
  Role: "arn:aws:iam::123456789012:role/payments-lambda",
  MemorySize: 256,
  Timeout: 30,
  Architectures: ["arm64"],
  EphemeralStorage: { Size: 512 },
  TracingConfig: { Mode: "PassThrough" },
  PackageType: "Zip",
};
const TAGS = { "services.k8s.aws/controller-version": "lambda-1.14.1", "services.k8s.aws/namespace": "payments" };

function aws(configuration: Record<string, unknown>, tags: Record<string, string> = TAGS): AwsState {
  return awsActive({ config: readAwsConfig({ ...FIXTURE_AWS, ...configuration }), tags });
}

describe("drift, field by field", () => {
  it("agreeing configuration: healthy, no drifted fields", () => {
    const v = diagnose(factsOf("function-healthy"), aws({}), CURRENT, NOW, SETTINGS);
    expect(v.health).toBe("healthy");
    expect(v.driftedFields).toBeUndefined();
  });

  it("memory changed in the console and an env var added: drift naming both fields", () => {
    const v = diagnose(factsOf("function-healthy"), aws({ MemorySize: 1024, Environment: { Variables: { DEBUG: "secret-value-1" } } }), CURRENT, NOW, SETTINGS);
    expect(v.health).toBe("drift");
    expect(v.driftedFields).toEqual(["memorySize", "environment"]);
    expect(v.summary).toBe("Synced in Kubernetes, but AWS differs in memory size, environment variables.");
    const reason = v.reasons.find((r) => r.code === "config-differs")!;
    expect(reason.text).toContain("memory size (spec 256, AWS 1024)");
    expect(reason.text).toContain("environment variables (only in AWS: DEBUG)");
    expect(JSON.stringify(v)).not.toContain("secret-value-1");
    expect(VerdictSchema.parse(v)).toEqual(v);
  });

  it("a tag added in AWS is drift; a missing ACK namespace tag too", () => {
    expect(diagnose(factsOf("function-healthy"), aws({}, { ...TAGS, owner: "bob" }), CURRENT, NOW, SETTINGS).driftedFields).toEqual(["tags"]);
    expect(diagnose(factsOf("function-healthy"), aws({}, { "services.k8s.aws/controller-version": "lambda-1.14.1" }), CURRENT, NOW, SETTINGS).driftedFields).toEqual(["tags"]);
  });

  it("code and configuration both changed: two reasons, the code named once", () => {
    const v = diagnose(factsOf("function-healthy"), { ...aws({ Timeout: 900 }), codeSha256: "b3RoZXJjb2Rl" }, CURRENT, NOW, SETTINGS);
    expect(v.reasons.map((r) => r.code)).toEqual(["code-hash-differs", "config-differs"]);
    expect(v.driftedFields).toEqual(["timeout", "code"]);
    expect(v.reasons[1].text).not.toContain("code (");
  });

  it("many fields: the reason spells out six and counts the rest", () => {
    const v = diagnose(
      factsOf("function-healthy"),
      aws({ Runtime: "nodejs22.x", Handler: "x", MemorySize: 1, Timeout: 1, Role: "r", Architectures: ["x86_64"], Layers: [{ Arn: "l" }], TracingConfig: { Mode: "Active" } }),
      CURRENT,
      NOW,
      SETTINGS,
    );
    expect(v.driftedFields).toHaveLength(8);
    expect(v.reasons.find((r) => r.code === "config-differs")!.text).toContain("and 2 more");
  });

  it("not synced: no drift verdict whatever the configuration (the controller is still at work)", () => {
    const v = diagnose(factsOf("function-update-in-progress"), aws({ MemorySize: 1024 }), CURRENT, NOW, SETTINGS);
    expect(v.health).not.toBe("drift");
  });
});
