// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { FunctionDetailSchema, type FunctionDetail } from "@/lib/domain/wire/detail";
import { FIXED_NOW, makeCluster, makeRow } from "@/test/make-row";
import { FunctionDetailView } from "./function-detail-view";

afterEach(cleanup);

const HOSTILE = "<img src=x onerror=alert(1)>";

function stuckDetail(): FunctionDetail {
  const row = makeRow({
    cluster: "prod-us",
    namespace: "payments",
    name: "refund",
    health: "stuck",
    summary: "Kubernetes says Pending, AWS says Active: controller 1.7.3 keeps a stale state",
    since: "2025-11-26T11:48:00Z",
    statusState: "Pending",
    awsState: "Active",
    deletionTimestamp: "2025-11-26T14:40:00Z",
  });
  const object = {
    apiVersion: "lambda.services.k8s.aws/v1alpha1",
    kind: "Function",
    metadata: {
      name: "refund",
      namespace: "payments",
      deletionTimestamp: "2025-11-26T14:40:00Z",
      finalizers: [ACK_FUNCTION_FINALIZER],
      annotations: { "services.k8s.aws/deletion-policy": "delete" },
    },
    spec: { name: "payments-refund" },
    status: { state: "Pending", conditions: [] },
  };
  return FunctionDetailSchema.parse({
    ...row,
    conditions: [
      {
        type: "ACK.Recoverable",
        status: "True",
        lastTransitionTime: "2025-11-26T12:00:00Z",
        message: "function in 'Pending' state, cannot be modified or deleted",
      },
      { type: "ACK.ResourceSynced", status: "Unknown", reason: HOSTILE, message: HOSTILE, lastTransitionTime: null },
    ],
    verdict: {
      ...row.verdict,
      reasons: [{ code: "stale-pending", text: "The controller holds a stale Pending while AWS is Active", source: "community#2433, fixed in v1.7.4" }],
    },
    object,
    events: [{ type: "Warning", reason: "Hostile", message: HOSTILE, count: 2, lastTimestamp: "2025-11-26T14:58:00Z", source: { component: "ack" } }],
    eligibility: {
      "request-deletion": { allowed: false, blockers: ["deletion was already requested"], warnings: [] },
      "retain-and-delete": { allowed: false, blockers: ["deletion was already requested"], warnings: [] },
      "remove-finalizer": { allowed: true, blockers: [], warnings: ["the AWS function still exists and will be orphaned"] },
      "delete-aws-function": { allowed: false, blockers: ["the Function object still exists"], warnings: [] },
    },
    controller: { found: true, namespace: "ack-system", name: "ack-lambda-controller", version: "1.7.3", image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:1.7.3", replicas: 1, readyReplicas: 1 },
    clusterSummary: makeCluster({ name: "prod-us", functionCount: 12 }),
  });
}

describe("FunctionDetailView", () => {
  it("puts Kubernetes and AWS side by side and marks the state difference", () => {
    render(<FunctionDetailView detail={stuckDetail()} now={FIXED_NOW} refreshError={null} />);
    const table = screen.getByRole("table", { name: /status field in Kubernetes and in AWS/ });
    const stateRow = within(table).getByRole("rowheader", { name: /^State differs/ }).closest("tr")!;
    const cells = within(stateRow).getAllByRole("cell");
    expect(cells.map((c) => c.textContent)).toEqual(["Pending", "Active"]);
    expect(screen.getByText("1 difference")).toBeTruthy();
  });

  it("shows the verdict, its age, the reasons, deletion age, finalizer, annotations and controller", () => {
    render(<FunctionDetailView detail={stuckDetail()} now={FIXED_NOW} refreshError={null} />);
    expect(screen.getByRole("heading", { level: 1, name: "refund" })).toBeTruthy();
    expect(screen.getByText("for 3 h 12 min")).toBeTruthy();
    expect(screen.getByText("The controller holds a stale Pending while AWS is Active")).toBeTruthy();
    expect(screen.getByText("yes, 20 min ago")).toBeTruthy();
    expect(screen.getByText(ACK_FUNCTION_FINALIZER)).toBeTruthy();
    expect(screen.getByRole("rowheader", { name: /Deletion policy/ }).closest("tr")!.textContent).toContain("delete");
    expect(screen.getByText("has the Pending bug (fixed in 1.7.4)")).toBeTruthy();
    expect(screen.getByText("function in 'Pending' state, cannot be modified or deleted")).toBeTruthy();
  });

  it("renders a hostile condition message and event as inert text", async () => {
    const { container } = render(<FunctionDetailView detail={stuckDetail()} now={FIXED_NOW} refreshError={null} />);
    // the YAML panel loads lazily; wait for it so its text is checked too
    await screen.findByRole("button", { name: /^Download / });
    expect(container.querySelector("img")).toBeNull();
    // condition reason, condition message, event message
    expect(screen.getAllByText(HOSTILE).length).toBe(3);
  });

  it("shows the whole object as YAML with a download named after the Function", async () => {
    render(<FunctionDetailView detail={stuckDetail()} now={FIXED_NOW} refreshError={null} />);
    expect(await screen.findByRole("button", { name: "Download prod-us_payments_refund.yaml" })).toBeTruthy();
    const yaml = screen.getByLabelText("The Function object as YAML").textContent ?? "";
    expect(yaml).toContain("kind: Function");
    expect(yaml).toContain("name: payments-refund");
  });

  it("says when a refresh failed", () => {
    render(<FunctionDetailView detail={stuckDetail()} now={FIXED_NOW} refreshError="The dashboard server did not answer" />);
    expect(screen.getByRole("alert").textContent).toContain("Refresh failed: The dashboard server did not answer");
  });

  it("offers the command line of every action, built from what is shown, and console links from the ARN", () => {
    const detail = stuckDetail();
    render(<FunctionDetailView detail={detail} now={FIXED_NOW} refreshError={null} />);
    const panel = screen.getByRole("region", { name: "Command line and AWS console" });
    const text = panel.textContent ?? "";
    expect(text).toContain(`kubectl --context=${detail.cluster} --namespace=payments get functions.lambda.services.k8s.aws refund -o yaml`);
    expect(text).toContain(`"op":"test","path":"/metadata/resourceVersion","value":"${detail.resourceVersion}"`);
    expect(text).toContain(`--resource-version=${detail.resourceVersion}`);
    expect(within(panel).getByRole("button", { name: /^Copy: Remove the ACK finalizer$/ })).toBeTruthy();
    expect(within(panel).getByRole("button", { name: /^Copy: Request deletion \(not allowed now\)$/ })).toBeTruthy();
    expect(detail.arn).toMatch(/^arn:aws:lambda:/);
    expect(within(panel).getByRole("link", { name: "CloudWatch Logs" }).getAttribute("href")).toMatch(/#logsV2:log-groups\/log-group\/\$252Faws\$252Flambda\$252F/);
  });
});
