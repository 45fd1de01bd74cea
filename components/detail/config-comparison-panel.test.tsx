// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { compareFunctionConfig } from "@/lib/domain/function-config/compare";
import { readAwsConfig, readSpecConfig } from "@/lib/domain/function-config/read";
import { FunctionDetailSchema, type FunctionDetail } from "@/lib/domain/wire/detail";
import { makeCluster, makeRow } from "@/test/make-row";
import { ConfigComparisonPanel } from "./config-comparison-panel";

afterEach(cleanup);

const HOSTILE = "<img src=x onerror=alert(1)>";
const TAGS = { "services.k8s.aws/controller-version": "lambda-1.14.1", "services.k8s.aws/namespace": "payments" };

function detailWith(configComparison: FunctionDetail["configComparison"], aws: Partial<NonNullable<FunctionDetail["aws"]>> | null = {}): FunctionDetail {
  const row = makeRow({ namespace: "payments", name: "refund", health: "drift", summary: "Synced in Kubernetes, but AWS differs in memory size, environment variables.", awsState: "Active" });
  return FunctionDetailSchema.parse({
    ...row,
    aws: aws === null ? null : { ...row.aws!, ...aws },
    object: {},
    events: [],
    eligibility: Object.fromEntries(["request-deletion", "retain-and-delete", "remove-finalizer", "delete-aws-function"].map((a) => [a, { allowed: false, blockers: ["not in this test"], warnings: [] }])),
    controller: null,
    clusterSummary: makeCluster({ name: "prod-eu", functionCount: 1 }),
    configComparison,
  });
}

const drifted = () =>
  compareFunctionConfig(
    readSpecConfig({ runtime: "python3.12", handler: HOSTILE, role: "r", memorySize: 256, environment: { variables: { A: "value-a" } } }),
    { config: readAwsConfig({ Runtime: "python3.12", Handler: HOSTILE, Role: "r", MemorySize: 3008, Timeout: 3, Architectures: ["x86_64"], EphemeralStorage: { Size: 512 }, TracingConfig: { Mode: "PassThrough" }, Environment: { Variables: { A: "value-a", DEBUG_SQL: "value-b" } } }), codeSha256: null, tags: TAGS },
    { namespace: "payments", controllerVersion: "1.14.1", recordedCodeSha256: null },
  );

describe("ConfigComparisonPanel", () => {
  it("marks each drifted field with an icon and words, and counts them", () => {
    render(<ConfigComparisonPanel detail={detailWith(drifted())} />);
    const table = screen.getByRole("table", { name: /configuration field in the spec and in AWS/ });
    const memory = within(table).getByRole("rowheader", { name: "Memory (MB)" }).closest("tr")!;
    expect(within(memory).getAllByRole("cell").map((c) => c.textContent)).toEqual(["256", "3008", "≠ differs"]);
    const env = within(table).getByRole("rowheader", { name: "Environment variable names" }).closest("tr")!;
    expect(within(env).getAllByRole("cell").map((c) => c.textContent)).toEqual(["A", "A, DEBUG_SQL", "+ only in AWSonly in AWS: DEBUG_SQL"]);
    const runtime = within(table).getByRole("rowheader", { name: "Runtime" }).closest("tr")!;
    expect(within(runtime).getAllByRole("cell")[2].textContent).toBe("✓ same");
    // Code: nothing recorded, the spec names an S3 object.
    const code = within(table).getByRole("rowheader", { name: "Code" }).closest("tr")!;
    expect(within(code).getAllByRole("cell")[2].textContent).toMatch(/^\? not readable/);
    expect(screen.getByText(/2 fields differ/)).toBeTruthy();
  });

  it("shows hostile values as text and never an environment value", () => {
    const { container } = render(<ConfigComparisonPanel detail={detailWith(drifted())} />);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getAllByText(HOSTILE).length).toBe(2);
    expect(container.textContent).not.toContain("value-a");
    expect(container.textContent).not.toContain("value-b");
  });

  it("says why there is nothing to compare", () => {
    render(<ConfigComparisonPanel detail={detailWith(null, null)} />);
    expect(screen.getByText("AWS has not been read for this Function yet.")).toBeTruthy();
    cleanup();
    render(<ConfigComparisonPanel detail={detailWith(null, { exists: false })} />);
    expect(screen.getByText(/does not exist in AWS/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });
});
