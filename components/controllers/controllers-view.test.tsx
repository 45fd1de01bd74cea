// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { controllersView } from "@/lib/domain/controllers-view";
import { ControllersResponseSchema, type ControllerDeployment } from "@/lib/domain/wire/controllers";
import { ControllersList } from "./controllers-view";

afterEach(cleanup);

const dep = (version: string | null): ControllerDeployment => ({
  namespace: "ack-system",
  name: "ack-lambda-controller-lambda-chart",
  image: `public.ecr.aws/aws-controllers-k8s/lambda-controller${version ? `:${version}` : "@sha256:ab"}`,
  version,
  versionSource: version ? "image-tag" : null,
  digest: version ? null : "sha256:ab",
  replicas: 2,
  readyReplicas: 2,
  updatedReplicas: 2,
  helmRelease: "ack-lambda",
});

const data = ControllersResponseSchema.parse(
  controllersView({
    clusters: [
      { name: "prod-us", connected: true, controllers: [dep("1.7.3")] },
      { name: "prod-eu", connected: true, controllers: [dep("1.14.1")] },
      { name: "legacy", connected: true, controllers: [dep(null)] },
    ],
    rows: [{ cluster: "prod-us", verdict: { reasons: [{ code: "pending-bug" }] } }],
    minimumVersion: "1.7.4",
  }),
);

describe("ControllersList", () => {
  it("shows each cluster's controller, the bug of 1.7.3 with the Functions it affects, and how to upgrade", () => {
    render(<ControllersList data={data} />);
    const us = within(screen.getByRole("region", { name: "prod-us" }));
    expect(us.getByText("below the minimum version")).toBeTruthy();
    expect(us.getByText("1 Function affected now")).toBeTruthy();
    expect(us.getByText(/Functions stay Pending in Kubernetes forever/)).toBeTruthy();
    expect(us.getByText(/helm upgrade ack-lambda oci:\/\/public.ecr.aws\/aws-controllers-k8s\/lambda-chart --version 1.7.4/)).toBeTruthy();
    const eu = within(screen.getByRole("region", { name: "prod-eu" }));
    expect(eu.getByText("no known bug")).toBeTruthy();
    expect(eu.queryByText(/helm upgrade/)).toBeNull();
    expect(within(screen.getByRole("region", { name: "legacy" })).getByText("version unknown")).toBeTruthy();
  });
});
