import { describe, expect, it } from "vitest";
import type { FieldComparison } from "../wire/function-config";
import { compareFunctionConfig, driftedFields, type AwsSide, type CompareContext } from "./compare";
import { readAwsConfig, readSpecConfig } from "./read";

const NS = "payments";
const CTX: CompareContext = { namespace: NS, controllerVersion: "1.14.1", recordedCodeSha256: "recorded=" };
const ROLE = "arn:aws:iam::111122223333:role/payments-lambda-exec";
const ACK = { "services.k8s.aws/controller-version": "lambda-1.14.1", "services.k8s.aws/namespace": NS };

/** A spec as GitOps writes it, and the GetFunction answer of the function the controller made from it. */
const SPEC = { name: "fn", runtime: "python3.12", handler: "app.handler", role: ROLE, code: { s3Bucket: "b", s3Key: "k.zip" }, tags: { team: NS } };
const CONFIGURATION = {
  Runtime: "python3.12",
  Handler: "app.handler",
  Role: ROLE,
  MemorySize: 128,
  Timeout: 3,
  Architectures: ["x86_64"],
  EphemeralStorage: { Size: 512 },
  TracingConfig: { Mode: "PassThrough" },
  PackageType: "Zip",
  CodeSha256: "recorded=",
};

function compare(spec: unknown, configuration: Record<string, unknown>, extra: Partial<AwsSide> = {}, ctx = CTX): FieldComparison[] {
  const aws: AwsSide = { config: readAwsConfig(configuration), codeSha256: "recorded=", tags: { team: NS, ...ACK }, ...extra };
  return compareFunctionConfig(readSpecConfig(spec), aws, ctx);
}
const statusOf = (rows: FieldComparison[], field: string) => rows.find((r) => r.field === field)?.status;

describe("compareFunctionConfig", () => {
  it("finds nothing when AWS holds what the spec asks, the defaults standing in for omitted fields", () => {
    const rows = compare(SPEC, CONFIGURATION);
    expect(rows.map((r) => r.field)).toEqual([
      "runtime", "handler", "memorySize", "timeout", "role", "architectures", "layers", "environment", "vpcSubnets", "vpcSecurityGroups", "ephemeralStorage", "tracingMode", "code", "tags",
    ]);
    expect(driftedFields(rows)).toEqual([]);
    expect(rows.find((r) => r.field === "memorySize")).toMatchObject({ spec: "128 (default)", aws: "128", status: "same" });
  });

  const cases: Array<{ what: string; spec?: Record<string, unknown>; aws?: Record<string, unknown>; side?: Partial<AwsSide>; field: string; status: string; note?: RegExp }> = [
    { what: "memory changed in the console, spec silent", aws: { MemorySize: 1024 }, field: "memorySize", status: "differs" },
    { what: "memory set in the spec, AWS the same", spec: { memorySize: 512 }, aws: { MemorySize: 512 }, field: "memorySize", status: "same" },
    { what: "timeout changed", spec: { timeout: 30 }, aws: { Timeout: 60 }, field: "timeout", status: "differs" },
    { what: "runtime upgraded in the console", aws: { Runtime: "python3.13" }, field: "runtime", status: "differs" },
    { what: "handler changed", aws: { Handler: "other.handler" }, field: "handler", status: "differs" },
    { what: "role swapped", aws: { Role: "arn:aws:iam::111122223333:role/admin" }, field: "role", status: "differs" },
    { what: "arm64 in AWS, spec silent", aws: { Architectures: ["arm64"] }, field: "architectures", status: "differs" },
    { what: "an environment variable added in the console", spec: { environment: { variables: { A: "1" } } }, aws: { Environment: { Variables: { A: "1", DEBUG: "true" } } }, field: "environment", status: "only-in-aws", note: /only in AWS: DEBUG/ },
    { what: "an environment variable removed in the console", spec: { environment: { variables: { A: "1", B: "2" } } }, aws: { Environment: { Variables: { A: "1" } } }, field: "environment", status: "only-in-spec", note: /only in the spec: B/ },
    { what: "environment names in another order", spec: { environment: { variables: { B: "2", A: "1" } } }, aws: { Environment: { Variables: { A: "x", B: "y" } } }, field: "environment", status: "same" },
    { what: "a layer added", aws: { Layers: [{ Arn: "arn:aws:lambda:eu-west-1:111122223333:layer:otel:3" }] }, field: "layers", status: "only-in-aws" },
    { what: "layers reordered (order matters to Lambda)", spec: { layers: ["l1", "l2"] }, aws: { Layers: [{ Arn: "l2" }, { Arn: "l1" }] }, field: "layers", status: "differs", note: /another order/ },
    { what: "a subnet replaced", spec: { vpcConfig: { subnetIDs: ["subnet-a"] } }, aws: { VpcConfig: { SubnetIds: ["subnet-b"], SecurityGroupIds: [] } }, field: "vpcSubnets", status: "differs" },
    { what: "VPC detached in AWS", spec: { vpcConfig: { securityGroupIDs: ["sg-1"] } }, aws: { VpcConfig: { SubnetIds: [], SecurityGroupIds: [] } }, field: "vpcSecurityGroups", status: "only-in-spec" },
    { what: "subnets named by reference", spec: { vpcConfig: { subnetRefs: [{ from: { name: "s" } }] } }, aws: { VpcConfig: { SubnetIds: ["subnet-a"] } }, field: "vpcSubnets", status: "not-readable" },
    { what: "ephemeral storage raised", aws: { EphemeralStorage: { Size: 1024 } }, field: "ephemeralStorage", status: "differs" },
    { what: "tracing turned on in the console", aws: { TracingConfig: { Mode: "Active" } }, field: "tracingMode", status: "differs" },
    { what: "tracing set in both", spec: { tracingConfig: { mode: "Active" } }, aws: { TracingConfig: { Mode: "Active" } }, field: "tracingMode", status: "same" },
    { what: "role through roleRef", spec: { role: undefined, roleRef: { from: { name: "r" } } }, field: "role", status: "not-readable" },
    { what: "code replaced outside ACK (vs the recorded hash)", side: { codeSha256: "other=" }, field: "code", status: "differs", note: /status.codeSHA256/ },
    { what: "spec.code.sha256 set and matching", spec: { code: { s3Bucket: "b", s3Key: "k", sha256: "recorded=" } }, field: "code", status: "same" },
    { what: "spec.code.sha256 set, AWS another", spec: { code: { s3Bucket: "b", s3Key: "k", sha256: "wanted=" } }, field: "code", status: "differs" },
    { what: "container image replaced", spec: { code: { imageURI: "1.dkr.ecr/x:1" } }, aws: {}, side: { config: readAwsConfig(CONFIGURATION, { ImageUri: "1.dkr.ecr/x:2" }) }, field: "code", status: "differs" },
    { what: "a tag added in the console", side: { tags: { team: NS, ...ACK, owner: "bob" } }, field: "tags", status: "only-in-aws", note: /owner/ },
    { what: "a tag value changed", side: { tags: { team: "search", ...ACK } }, field: "tags", status: "differs", note: /values differ: team/ },
    { what: "the ACK namespace tag names another namespace", side: { tags: { team: NS, ...ACK, "services.k8s.aws/namespace": "other" } }, field: "tags", status: "differs" },
    { what: "an older controller-version tag is not drift", side: { tags: { team: NS, ...ACK, "services.k8s.aws/controller-version": "lambda-1.7.3" } }, field: "tags", status: "same" },
  ];
  it.each(cases)("$what → $field $status", ({ spec, aws, side, field, status, note }) => {
    const rows = compare({ ...SPEC, ...(spec ?? {}) }, { ...CONFIGURATION, ...(aws ?? {}) }, side);
    const r = rows.find((x) => x.field === field)!;
    expect(r.status).toBe(status);
    if (note) expect(r.note).toMatch(note);
    // Every other field still agrees: one change, one difference.
    expect(driftedFields(rows).map((x) => x.field).filter((f) => f !== field)).toEqual([]);
  });

  describe("hostile and malformed input", () => {
    const hostile: Array<{ what: string; spec: unknown; field?: string }> = [
      { what: "spec not an object", spec: "nope" },
      { what: "spec null", spec: null },
      { what: "memorySize a string", spec: { ...SPEC, memorySize: "1024" }, field: "memorySize" },
      { what: "memorySize negative", spec: { ...SPEC, memorySize: -1 }, field: "memorySize" },
      { what: "timeout NaN", spec: { ...SPEC, timeout: Number.NaN }, field: "timeout" },
      { what: "architectures not a list", spec: { ...SPEC, architectures: "arm64" }, field: "architectures" },
      { what: "layers with an object", spec: { ...SPEC, layers: [{ arn: "x" }] }, field: "layers" },
      { what: "environment a string", spec: { ...SPEC, environment: "A=1" }, field: "environment" },
      { what: "environment.variables a list", spec: { ...SPEC, environment: { variables: ["A"] } }, field: "environment" },
      { what: "100k layers", spec: { ...SPEC, layers: Array.from({ length: 100_000 }, (_, i) => `l${i}`) }, field: "layers" },
      { what: "tags with a number", spec: { ...SPEC, tags: { team: 1 } }, field: "tags" },
      { what: "vpcConfig a number", spec: { ...SPEC, vpcConfig: 7 }, field: "vpcSubnets" },
    ];
    it.each(hostile)("$what: never throws, the field is not readable", ({ spec, field }) => {
      const rows = compare(spec, CONFIGURATION);
      expect(rows).toHaveLength(14);
      if (field) expect(statusOf(rows, field)).toBe("not-readable");
    });

    it("a __proto__ environment name or tag key does not reach the prototype", () => {
      const spec = JSON.parse(`{"runtime":"python3.12","environment":{"variables":{"__proto__":{"x":1},"A":"1"}},"tags":{"__proto__":"p"}}`);
      const read = readSpecConfig(spec);
      expect(read.environmentNames).toEqual(["A", "__proto__"]);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(Object.getPrototypeOf(read.tags)).toBe(Object.prototype);
    });

    it("reads hostile AWS answers without throwing, dropping what is not a string", () => {
      const c = readAwsConfig({ Runtime: 5, MemorySize: "128", Architectures: [null, "arm64", {}], Layers: [{ Arn: 7 }, { Arn: "l" }], Environment: { Variables: "x" }, VpcConfig: null }, 42);
      expect(c).toMatchObject({ runtime: null, memorySize: null, architectures: ["arm64"], layers: ["l"], environmentNames: [], subnetIds: [], imageUri: null });
      expect(readAwsConfig(undefined)).toMatchObject({ runtime: null, layers: [] });
    });

    it("names at most ten entries in a note and counts the rest", () => {
      const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`VAR_${i}`, "v"]));
      const rows = compare(SPEC, { ...CONFIGURATION, Environment: { Variables: many } });
      const env = rows.find((r) => r.field === "environment")!;
      expect(env.status).toBe("only-in-aws");
      expect(env.note).toMatch(/and 190 more$/);
      expect(env.note!.length).toBeLessThan(200);
    });

    it("caps long strings and strips control characters", () => {
      const rows = compare({ ...SPEC, handler: `a\u202Eb${"x".repeat(10_000)}` }, CONFIGURATION);
      const h = rows.find((r) => r.field === "handler")!;
      expect(h.spec!.length).toBeLessThanOrEqual(256);
      expect(h.spec).not.toContain("\u202E");
    });
  });
});

describe("environment variable values", () => {
  it("are dropped when reading either side: only names remain", () => {
    const secret = "hunter2-value-that-must-not-leak";
    const spec = readSpecConfig({ ...SPEC, environment: { variables: { DB_PASSWORD: secret } } });
    const aws = readAwsConfig({ ...CONFIGURATION, Environment: { Variables: { DB_PASSWORD: secret, EXTRA: secret } } });
    const rows = compareFunctionConfig(spec, { config: aws, codeSha256: null, tags: {} }, CTX);
    expect(JSON.stringify([spec, aws, rows])).not.toContain(secret);
    expect(aws.environmentNames).toEqual(["DB_PASSWORD", "EXTRA"]);
  });
});
