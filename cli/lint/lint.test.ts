/**
 * `lint` against manifests with one mistake each (fixtures named after the mistake): the
 * finding's code, file and line, and the exit code.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../report/model";
import { fieldSegments, runLint } from "./lint";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const lint = (paths: string[], defaultRegion: string | null = null, stdin = "") =>
  runLint({ paths: paths.map((p) => (p === "-" ? p : path.join(FIXTURES, p))), defaultRegion, readStdin: () => stdin });

/** fixture → the findings it must give: severity, code, line (and the exit code). */
const CASES: Record<string, { findings: Array<[severity: "error" | "warning", code: string, line: number]>; exit: number }> = {
  "missing-code.yaml": { findings: [["error", "crd-schema", 8]], exit: 1 },
  "memory-size-as-string.yaml": { findings: [["error", "crd-schema", 12]], exit: 1 },
  "unknown-field.yaml": { findings: [["error", "crd-schema", 12]], exit: 1 },
  "role-and-role-ref.yaml": { findings: [["error", "role", 11]], exit: 1 },
  "no-role.yaml": { findings: [["error", "role", 8]], exit: 1 },
  "role-not-an-arn.yaml": { findings: [["error", "role", 10]], exit: 1 },
  "name-too-long.yaml": { findings: [["error", "function-name", 9]], exit: 1 },
  "name-with-dots.yaml": { findings: [["error", "function-name", 9]], exit: 1 },
  "deletion-policy-capitalised.yaml": { findings: [["error", "deletion-policy", 8]], exit: 1 },
  "adoption-policy-typo.yaml": { findings: [["error", "adoption-policy", 8]], exit: 1 },
  "no-region.yaml": { findings: [["error", "region", 3]], exit: 1 },
  "region-not-a-region.yaml": { findings: [["error", "region", 7]], exit: 1 },
  "owner-account-not-12-digits.yaml": { findings: [["error", "account", 7]], exit: 1 },
  "role-in-another-account.yaml": { findings: [["warning", "account", 16]], exit: 0 },
  "same-aws-function-twice.yaml": { findings: [["error", "duplicate", 24]], exit: 1 },
  "same-object-twice.yaml": { findings: [["error", "duplicate", 19]], exit: 1 },
  "yaml-syntax-error.yaml": { findings: [["error", "yaml", 7], ["error", "yaml", 7]], exit: 1 },
  "image-without-package-type.yaml": { findings: [["error", "code", 11]], exit: 1 },
  "zip-without-runtime.yaml": { findings: [["error", "code", 8]], exit: 1 },
  "kind-misspelt.yaml": { findings: [["error", "kind", 2]], exit: 1 },
  "no-namespace.yaml": { findings: [["warning", "metadata", 3]], exit: 0 },
  valid: { findings: [], exit: 0 },
};

describe("lint: one mistake per fixture, with its file and line", () => {
  it("every fixture has a case and every case a fixture", () => {
    const fixtures = fs.readdirSync(FIXTURES).filter((f) => f !== "no-ack-manifests");
    expect(fixtures.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))("%s", (fixture, expected) => {
    const report = lint([fixture]);
    const got = report.findings.map((f) => [f.severity, f.code, f.location?.line]);
    expect(got).toEqual(expected.findings);
    for (const f of report.findings) {
      expect(f.location?.file).toBe(path.join(FIXTURES, fixture));
      expect(f.location?.column).toBeGreaterThan(0);
    }
    expect(report.problems).toEqual([]);
    expect(exitCodeOf(report)).toBe(expected.exit);
  });

  it("says what is wrong in words an operator can act on", () => {
    const [policy] = lint(["deletion-policy-capitalised.yaml"]).findings;
    expect(policy.message).toContain('"Delete"');
    expect(policy.message).toContain('exactly "delete"');
    const [required] = lint(["missing-code.yaml"]).findings;
    expect(required.message).toBe("spec.code: Required value (lambda-controller v1.14.1 CRD of Function)");
    const [name] = lint(["name-too-long.yaml"]).findings;
    expect(name.message).toContain("66 characters long (at most 64)");
  });

  it("the controller's default region resolves a Function that names none", () => {
    expect(lint(["no-region.yaml"], "eu-west-1").findings).toEqual([]);
  });

  it("a Namespace manifest in another file resolves the region", () => {
    const tmp = fs.mkdtempSync(path.join(FIXTURES, "..", "tmp-"));
    try {
      fs.copyFileSync(path.join(FIXTURES, "no-region.yaml"), path.join(tmp, "function.yaml"));
      fs.copyFileSync(path.join(FIXTURES, "valid", "namespaces.yaml"), path.join(tmp, "namespaces.yaml"));
      expect(runLint({ paths: [tmp], defaultRegion: null, readStdin: () => "" }).findings).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("reads several files and folders at once, and stdin; duplicates are found across files", () => {
    const report = lint(["valid", "no-role.yaml", "-"], null, fs.readFileSync(path.join(FIXTURES, "name-with-dots.yaml"), "utf8"));
    expect(report.checked.map((c) => c.subject)).toEqual([
      "Namespace payments",
      "Namespace sandbox",
      "Function payments/invoice",
      "Function sandbox/resize",
      "Alias payments/invoice-live",
      "Function payments/invoice",
      "Function payments/invoice",
    ]);
    const noRole = path.join(FIXTURES, "no-role.yaml");
    expect(report.findings.map((f) => [f.code, f.location?.file, f.location?.line])).toEqual([
      ["duplicate", noRole, 4],
      ["role", noRole, 8],
      ["duplicate", noRole, 9],
      ["duplicate", "<stdin>", 4],
      ["function-name", "<stdin>", 9],
    ]);
    expect(report.findings[0].message).toContain(`also defined at ${path.join(FIXTURES, "valid", "functions.yaml")}:1`);
    expect(report.findings[2].message).toContain("both create AWS function pay-invoice in eu-west-1");
  });

  it("could not check (exit 2): no ACK manifests, or a path that does not exist", () => {
    const none = lint(["no-ack-manifests"]);
    expect(none.problems.map((p) => p.message)).toEqual(["no lambda.services.k8s.aws manifests in 1 file(s)"]);
    expect(exitCodeOf(none)).toBe(2);
    const missing = lint(["valid", "does-not-exist"]);
    expect(missing.problems.map((p) => p.message)).toEqual(["could not be read: no such file or folder"]);
    expect(exitCodeOf(missing)).toBe(2);
  });

  it("never crashes on hostile input: a YAML alias bomb, deep nesting, a binary file", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    const deep = `apiVersion: lambda.services.k8s.aws/v1alpha1\nkind: Function\nmetadata: {name: x, namespace: y}\nspec: ${"[".repeat(500)}${"]".repeat(500)}\n`;
    for (const text of [bomb, deep, "\u0000\u0001\u0002\u00ff binary"]) {
      const report = lint(["-"], null, text);
      expect(exitCodeOf(report)).toBeGreaterThan(0);
    }
  });
});

describe("fieldSegments", () => {
  it("splits the validator's field paths into keys and indexes", () => {
    expect(fieldSegments("spec.layers[0].arn")).toEqual(["spec", "layers", 0, "arn"]);
    expect(fieldSegments("spec.vpcConfig.subnetIDs[2]")).toEqual(["spec", "vpcConfig", "subnetIDs", 2]);
    expect(fieldSegments("<root>")).toEqual([]);
  });
});
