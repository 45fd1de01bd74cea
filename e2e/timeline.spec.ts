/**
 * The timeline on the Function detail page against the simulated demo fleet: the seed Function's stale Pending lane against its Active AWS lane, and a
 * status change made with kubectl on the open page within 2 seconds, without a reload.
 * kubectl: $KUBECTL or kubectl on PATH, with the demo's admin kubeconfig (sim/fleet.ts).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "./fixtures";
import { formatDuration } from "../lib/domain/duration";

const run = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? "kubectl";
const ADMIN_KUBECONFIG = path.resolve(__dirname, "..", ".sim", "e2e", "admin.kubeconfig");
const SEED = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" };

const href = (f: { cluster: string; namespace: string; name: string }) => `/functions/${f.cluster}/${f.namespace}/${f.name}`;
const timelineOf = (page: Page) => page.getByRole("region", { name: "Timeline" });

async function kubectl(context: string, args: string[]): Promise<string> {
  const { stdout } = await run(KUBECTL, ["--kubeconfig", ADMIN_KUBECONFIG, "--context", context, ...args], { timeout: 20_000 });
  return stdout;
}

test.describe("Function timeline", () => {
  test("the seed Function shows its stale Pending lane against the Active AWS lane", async ({ page }) => {
    await page.goto(href(SEED));
    const timeline = timelineOf(page);
    await expect(timeline).toBeVisible();
    // The demo seeds it Pending since 3 h 12 min before the fleet started; the spec runs some
    // minutes later, so the expected durations come from the times the object and AWS carry.
    const detail = (await (await page.request.get(`/api${href(SEED)}`)).json()) as {
      object: { status: { lastModified: string } };
      aws: { lastModified: string };
    };
    const since = (iso: string) => {
      const t = Date.parse(iso.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
      expect(Number.isNaN(t), `a time: ${iso}`).toBe(false);
      // Either side of a minute boundary between this read and the page's.
      return `(?:${formatDuration(Date.now() - t)}|${formatDuration(Date.now() - t + 60_000)})`;
    };
    const k8s = since(detail.object.status.lastModified);
    const aws = since(detail.aws.lastModified);
    expect(k8s).toMatch(/3 h (1[2-9]|[2-5]\d) min/); // at least the 3 h 12 min the demo seeds
    await expect(timeline.getByTestId("timeline-current-state")).toHaveText(new RegExp(`^Pending in Kubernetes for ${k8s} while Active in AWS since ${aws}`));
    const pending = timeline.getByRole("button", { name: /^Kubernetes status\.state: Pending \(needs attention\) from .+ until now/ });
    const active = timeline.getByRole("button", { name: /^AWS State \(live\): Active \(fine\) from .+ until now/ });
    await expect(pending).toBeVisible();
    await expect(active).toBeVisible();
    const recoverable = timeline.getByRole("button", { name: /^ACK\.Recoverable: True .+ until now/ });
    await expect(recoverable).toBeVisible();
    await expect(timeline.getByRole("button", { name: /^deletion requested at / }).last()).toBeVisible();

    // Focus shows the details, the message as text.
    await recoverable.focus();
    await expect(page.getByRole("tooltip")).toContainText("function in 'Pending' state, cannot be modified or deleted");

    // The same entries as a list.
    await timeline.getByRole("button", { name: "List" }).click();
    const table = timeline.getByRole("table", { name: /Timeline entries of order-events-processor/ });
    await expect(table.getByRole("rowheader", { name: "Kubernetes status.state" }).first()).toBeVisible();
  });

  test("a status change made with kubectl appears on the open page within 2 seconds, without reload", async ({ page, request }) => {
    // A healthy Function of a cluster whose controller (1.14.1) does not touch a status-only change.
    const list = (await (await request.get("/api/functions?cluster=staging&health=healthy&limit=1&sort=name")).json()) as {
      items: Array<{ cluster: string; namespace: string; name: string }>;
    };
    const listed = list.items[0];
    expect(listed, "a healthy Function in staging").toBeTruthy();
    // Its conditions come with the detail (list rows leave them out).
    const detailPath = `/api/functions/${[listed.cluster, listed.namespace, listed.name].map(encodeURIComponent).join("/")}`;
    const fn = { ...listed, conditions: ((await (await request.get(detailPath)).json()) as { conditions: unknown[] }).conditions };
    expect(fn.conditions.length, "the Function's conditions").toBeGreaterThan(0);

    await page.goto(href(fn));
    const timeline = timelineOf(page);
    await expect(timeline.getByRole("button", { name: /^ACK\.ResourceSynced: True .+ until now/ })).toBeVisible();
    await expect(timeline.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    const probe = { type: "E2E.Probe", status: "True", reason: "kubectl", message: "set with kubectl by e2e/timeline.spec.ts", lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") };
    await kubectl(fn.cluster, ["-n", fn.namespace, "patch", "functions.lambda.services.k8s.aws", fn.name, "--subresource=status", "--type=json", "-p", JSON.stringify([{ op: "add", path: "/status/conditions/-", value: probe }])]);
    const changedAt = Date.now();
    // (The demo's history file outlives runs: earlier runs' probes may be on the lane too.)
    await expect(timeline.getByRole("button", { name: /^E2E\.Probe: True .+ until now/ })).toBeVisible({ timeout: 2_000 });
    const elapsed = Date.now() - changedAt;
    console.log(`[timeline e2e] kubectl change on the page after ${elapsed} ms`);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    // Leave the Function as it was.
    await kubectl(fn.cluster, ["-n", fn.namespace, "patch", "functions.lambda.services.k8s.aws", fn.name, "--subresource=status", "--type=json", "-p", JSON.stringify([{ op: "remove", path: `/status/conditions/${fn.conditions.length}` }])]);
    await expect(timeline.getByRole("button", { name: /^E2E\.Probe: absent .+ until now/ })).toBeVisible({ timeout: 2_000 });
  });

  test("the stream is not compressed or buffered by next start", async ({ baseURL }) => {
    const ac = new AbortController();
    const res = await fetch(`${baseURL}/api/stream`, { headers: { "Accept-Encoding": "gzip, deflate, br" }, signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("retry:");
    ac.abort();
  });
});
