// @vitest-environment jsdom
/**
 * The confirm dialog keeps what the operator typed, and where they type, while the page around
 * it re-renders: the runbook panel re-renders every second (its clock) and on every live update,
 * handing the dialog a new onClose and a new offer object each time. Under CPU load that
 * re-render landed between the steps of a typed input and the reason went into the name field
 * (e2e/remediation.spec.ts saw an empty reason and a disabled Preview).
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ActionOffer } from "@/lib/client/remediation/runbook";
import { ConfirmDialog } from "./confirm-dialog";

afterEach(cleanup);

const REF = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" };

function offer(resourceVersion: string): ActionOffer {
  return {
    key: "remove-finalizer:",
    action: "remove-finalizer",
    label: "Remove the ACK finalizer",
    recommended: true,
    enabled: true,
    disabledReason: null,
    checks: [],
    warnings: ["the AWS function still exists and will be orphaned"],
    confirmName: REF.name,
    expectedResourceVersion: resourceVersion,
  };
}

/** The panel as it behaves live: a new onClose and a new offer on every render. */
function panel(rv: string, onClose: () => void = () => undefined) {
  return (
    <QueryClientProvider client={client}>
      <ConfirmDialog functionRef={REF} offer={offer(rv)} twoPersonRule={false} onClose={() => onClose()} />
    </QueryClientProvider>
  );
}

const client = new QueryClient();

describe("ConfirmDialog under re-renders", () => {
  it("focuses the name field when it opens", () => {
    render(panel("100"));
    expect(document.activeElement).toBe(screen.getByLabelText(/to confirm$/));
  });

  it("keeps the focus and the text in the reason while the panel re-renders with a new offer and onClose", () => {
    const { rerender } = render(panel("100"));
    const name = screen.getByLabelText(/to confirm$/) as HTMLInputElement;
    const reason = screen.getByLabelText(/^Reason/) as HTMLTextAreaElement;
    fireEvent.change(name, { target: { value: REF.name } });
    reason.focus();
    fireEvent.change(reason, { target: { value: "stuck Pending on 1.7.3" } });
    rerender(panel("101"));
    rerender(panel("102"));
    expect(document.activeElement).toBe(reason);
    expect(reason.value).toBe("stuck Pending on 1.7.3");
    expect(name.value).toBe(REF.name);
    expect((screen.getByRole("button", { name: /^Preview/ }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("closes on Escape with the latest onClose, once", () => {
    const closed: string[] = [];
    const { rerender } = render(panel("100", () => closed.push("first")));
    rerender(panel("101", () => closed.push("latest")));
    fireEvent.keyDown(window, { key: "Escape" });
    expect(closed).toEqual(["latest"]);
  });
});
