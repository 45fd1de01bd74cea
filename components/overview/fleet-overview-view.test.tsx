// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { healthCountsByCluster } from "@/lib/domain/fleet-summary";
import { FunctionListResponseSchema, type AwsAccountStatus, type ListedRow } from "@/lib/domain/wire/fleet";
import { DEFAULT_FILTERS, parseOverviewParams, toOverviewQuery, type OverviewFilters } from "@/lib/client/overview-filters";
import { FIXED_NOW, makeCluster, makeRow } from "@/test/make-row";
import { FixedNowProvider } from "@/lib/client/use-now";
import { rowIndexOf } from "@/lib/client/fleet-store/row-index";
import { FleetOverviewView, type FleetData } from "./fleet-overview-view";

// jsdom does no layout: give the table's scroll container a height so the virtualiser renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
});
afterEach(cleanup);

const HOSTILE = "<img src=x onerror=alert(1)>";

/** The fleet as the store holds it after a list answer; the clusters' counts as the server makes them. */
function response(items: ListedRow[], clusters = [makeCluster({ name: "prod-eu" }), makeCluster({ name: "prod-us" })], awsAccounts: AwsAccountStatus[] = []): FleetData {
  const counts = healthCountsByCluster(items);
  const list = FunctionListResponseSchema.parse({ generatedAt: "2025-11-26T14:59:59Z", clusters: clusters.map((c) => ({ ...c, healthCounts: counts.get(c.name) ?? {} })), items, awsAccounts });
  return { rows: list.items, clusters: list.clusters, awsAccounts: list.awsAccounts ?? [], total: list.items.length, generatedAt: list.generatedAt };
}

const fleet = response([
  makeRow({ cluster: "prod-eu", namespace: "payments", name: "checkout", health: "healthy" }),
  makeRow({ cluster: "prod-us", namespace: "payments", name: "refund", health: "stuck", summary: "Pending in Kubernetes, Active in AWS", statusState: "Pending", awsState: "Active" }),
  makeRow({ cluster: "prod-eu", namespace: "search", name: "indexer", health: "deletion-blocked" }),
  makeRow({ cluster: "prod-us", namespace: "search", name: "query", health: "drift", summary: HOSTILE }),
]);

/** Renders the view the way the page does: filters come from a query string and go back to it. */
function Harness({ data, initialQuery = "" }: { data: FleetData; initialQuery?: string }) {
  const [query, setQuery] = useState(initialQuery);
  const filters: OverviewFilters = parseOverviewParams(new URLSearchParams(query));
  return (
    <FixedNowProvider value={FIXED_NOW}>
      <output data-testid="query">{query}</output>
      <FleetOverviewView data={data} refreshError={null} filters={filters} onFiltersChange={(f) => setQuery(toOverviewQuery(f))} />
    </FixedNowProvider>
  );
}

function tableNames(): string[] {
  const table = screen.getByRole("table");
  return within(table)
    .getAllByRole("link")
    .map((a) => a.textContent ?? "");
}

describe("FleetOverviewView", () => {
  it("lists the worst health first and links each Function to its detail page", () => {
    render(<Harness data={fleet} />);
    expect(tableNames()).toEqual(["indexer", "refund", "query", "checkout"]);
    expect(screen.getByRole("link", { name: "refund" }).getAttribute("href")).toBe("/functions/prod-us/payments/refund");
  });

  it("filters by health from a toggle and writes it to the URL", () => {
    render(<Harness data={fleet} />);
    fireEvent.click(screen.getByRole("button", { name: /^Stuck 1$/ }));
    expect(screen.getByTestId("query").textContent).toBe("health=stuck");
    expect(tableNames()).toEqual(["refund"]);
    expect(screen.getByRole("button", { name: /^Stuck 1$/ }).getAttribute("aria-pressed")).toBe("true");
  });

  it("filters by cluster and text, and counts what is shown", () => {
    render(<Harness data={fleet} />);
    fireEvent.change(screen.getByLabelText("Cluster"), { target: { value: "prod-eu" } });
    expect(tableNames()).toEqual(["indexer", "checkout"]);
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "check" } });
    expect(tableNames()).toEqual(["checkout"]);
    expect(screen.getByText("1 of 4 Functions")).toBeTruthy();
    expect(screen.getByTestId("query").textContent).toBe("cluster=prod-eu&q=check");
  });

  it("offers the rows it shows as CSV and JSON, and the selected cluster's manifests, with its filters", () => {
    render(<Harness data={fleet} initialQuery="cluster=prod-us&health=stuck&q=ref" />);
    const exports = within(screen.getByRole("navigation", { name: "Export" }));
    expect(exports.getByRole("link", { name: "Rows as CSV" }).getAttribute("href")).toBe("/api/export/functions?format=csv&cluster=prod-us&health=stuck&q=ref&sort=health&order=asc");
    expect(exports.getByRole("link", { name: "Rows as JSON" }).getAttribute("href")).toContain("/api/export/functions?format=json&cluster=prod-us");
    const manifests = exports.getByRole("link", { name: "Manifests of prod-us (.tar.gz)" });
    expect(manifests.getAttribute("href")).toBe("/api/export/manifests?cluster=prod-us");
    expect(manifests.hasAttribute("download")).toBe(true);
  });

  it("a health count in the summary filters to that cluster and health in one click", () => {
    render(<Harness data={fleet} />);
    fireEvent.click(screen.getByRole("button", { name: "Drift: 1 in prod-us" }));
    expect(screen.getByTestId("query").textContent).toBe("cluster=prod-us&health=drift");
    expect(tableNames()).toEqual(["query"]);
  });

  it("sorts by a column header, both ways, and says so with aria-sort", () => {
    render(<Harness data={fleet} />);
    const nameHeader = () => screen.getByRole("columnheader", { name: "Name" });
    expect(nameHeader().getAttribute("aria-sort")).toBe("none");
    fireEvent.click(within(nameHeader()).getByRole("button"));
    expect(tableNames()).toEqual(["checkout", "indexer", "query", "refund"]);
    expect(nameHeader().getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(within(nameHeader()).getByRole("button"));
    expect(tableNames()).toEqual(["refund", "query", "indexer", "checkout"]);
    expect(nameHeader().getAttribute("aria-sort")).toBe("descending");
    expect(screen.getByTestId("query").textContent).toBe("sort=name&order=desc");
  });

  it("round-trips a view through its URL", () => {
    const first = render(<Harness data={fleet} />);
    fireEvent.click(screen.getByRole("button", { name: /^Deletion blocked 1$/ }));
    fireEvent.click(screen.getByRole("button", { name: /^Stuck 1$/ }));
    fireEvent.change(screen.getByLabelText("Namespace"), { target: { value: "payments" } });
    fireEvent.click(within(screen.getByRole("columnheader", { name: /^Cluster/ })).getByRole("button"));
    const shared = screen.getByTestId("query").textContent ?? "";
    const before = tableNames();
    first.unmount();

    expect(parseOverviewParams(new URLSearchParams(shared))).toEqual({
      ...DEFAULT_FILTERS,
      namespace: "payments",
      health: ["deletion-blocked", "stuck"],
      sort: "cluster",
    });
    render(<Harness data={fleet} initialQuery={shared} />);
    expect(tableNames()).toEqual(before);
    expect(tableNames()).toEqual(["refund"]);
    expect((screen.getByLabelText("Namespace") as HTMLSelectElement).value).toBe("payments");
    expect(screen.getByRole("button", { name: /^Stuck 1$/ }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("columnheader", { name: /^Cluster/ }).getAttribute("aria-sort")).toBe("ascending");
  });

  it("shows a disconnected cluster's error and marks its rows stale with their age", () => {
    const data = response(
      [
        makeRow({ cluster: "staging", name: "old", stale: true, observedAt: "2025-11-26T14:55:00Z" }),
        makeRow({ cluster: "prod-eu", name: "fresh" }),
      ],
      [
        makeCluster({ name: "prod-eu" }),
        makeCluster({ name: "staging", connected: false, error: "connect ECONNREFUSED 127.0.0.1:6443", lastSyncAt: "2025-11-26T14:55:00Z" }),
      ],
    );
    render(<Harness data={data} />);
    expect(screen.getByText("staging: disconnected")).toBeTruthy();
    expect(screen.getByText("connect ECONNREFUSED 127.0.0.1:6443")).toBeTruthy();
    const oldRow = screen.getByRole("link", { name: "old" }).closest("tr")!;
    expect(within(oldRow).getByTitle(/Cluster disconnected/).textContent).toBe("stale 5 min");
    const freshRow = screen.getByRole("link", { name: "fresh" }).closest("tr")!;
    expect(within(freshRow).queryByText(/stale/)).toBeNull();
  });

  it("names the permissions the dashboard lacks on that cluster's card, and only there", () => {
    const missing = ["watch events", "list deployments.apps in ack-system"];
    render(<Harness data={response([...fleet.rows], [makeCluster({ name: "prod-eu", missingPermissions: missing }), makeCluster({ name: "prod-us" })])} />);
    const notice = screen.getByRole("status", { name: "Permissions missing in prod-eu" });
    expect(notice.textContent).toContain("missing permissions");
    expect(notice.textContent).toContain("watch events, list deployments.apps in ack-system");
    expect(screen.queryByRole("status", { name: "Permissions missing in prod-us" })).toBeNull();
  });

  it("marks an unreadable AWS account on its rows and in the summary", () => {
    const data = response([makeRow({ name: "denied", awsError: { code: "AccessDeniedException", message: "not authorized" } })], undefined, [
      { accountId: "123456789012", region: "eu-west-1", error: { code: "AccessDeniedException", message: "not authorized", at: "2025-11-26T14:59:00Z" }, throttledUntil: null, requests: 3 },
    ]);
    render(<Harness data={data} />);
    expect(screen.getByText(/AWS 123456789012 \/ eu-west-1 unreadable/)).toBeTruthy();
    const row = screen.getByRole("link", { name: "denied" }).closest("tr")!;
    // the last known state stays, inside a warning badge that carries the error
    const badge = within(row).getByText(/AWS read failed: AccessDeniedException/).closest("[title]");
    expect(badge?.getAttribute("title")).toBe("AWS read failed: AccessDeniedException: not authorized");
    expect(badge?.textContent).toContain("Active");
  });

  it("says how many Functions are in while the pages load, instead of a cut list", () => {
    render(<Harness data={{ ...fleet, total: 50_000, progress: { loaded: 4, total: 50_000 } }} />);
    const status = screen.getByText(/Loading the fleet/).closest("[role=status]") as HTMLElement;
    expect(status.textContent).toContain("Loading the fleet: 4 of 50,000 Functions");
    expect(within(status).getByRole("progressbar", { name: "Functions loaded" })).toHaveProperty("value", 4);
    expect(screen.queryByText(/are listed/)).toBeNull();
  });

  it("renders hostile cluster text as inert text", () => {
    const data = response([makeRow({ name: "evil", health: "failed", summary: HOSTILE })], [
      makeCluster({ name: "prod-eu", connected: false, error: HOSTILE }),
    ]);
    const { container } = render(<Harness data={data} />);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getAllByText(HOSTILE).length).toBeGreaterThanOrEqual(2);
  });

  it("keeps only the rows in view in the DOM for 10,000 Functions", () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeRow({ cluster: i % 2 ? "prod-eu" : "prod-us", namespace: `ns-${i % 50}`, name: `fn-${String(i).padStart(5, "0")}`, health: i % 97 === 0 ? "stuck" : "healthy" }),
    );
    render(<Harness data={response(many)} />);
    const table = screen.getByRole("table");
    expect(table.getAttribute("aria-rowcount")).toBe("10001");
    const rendered = within(table).getAllByRole("row").filter((r) => r.getAttribute("aria-rowindex") !== "1" && !r.getAttribute("aria-hidden"));
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    // stuck rows first
    const firstRow = screen.getByRole("link", { name: tableNames()[0] }).closest("tr")!;
    expect(within(firstRow).getByText("Stuck")).toBeTruthy();
    act(() => {
      fireEvent.click(screen.getByRole("button", { name: /^Stuck 104$/ }));
    });
    expect(screen.getByText("104 of 10,000 Functions")).toBeTruthy();
  });

  it("reads the chips and namespaces from the store's counts, and names on the table the search its rows are for", () => {
    render(<Harness data={{ ...fleet, facets: rowIndexOf(fleet.rows).facets }} />);
    const namespaceOptions = () => within(screen.getByLabelText("Namespace")).getAllByRole("option").map((o) => o.textContent);
    expect(namespaceOptions()).toEqual(["All namespaces", "payments", "search"]);
    expect(screen.getByRole("button", { name: /^Stuck 1$/ })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Cluster"), { target: { value: "prod-eu" } });
    expect(namespaceOptions()).toEqual(["All namespaces", "payments", "search"]);
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "check" } });
    expect(tableNames()).toEqual(["checkout"]);
    // Filtered: the chips count the rows the other filters leave (one healthy checkout).
    expect(screen.getByRole("button", { name: /^Healthy 1$/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: /^Stuck 0$/ })).toBeTruthy();
    expect(screen.getByRole("table").getAttribute("data-search")).toBe("check");
  });
});
