/**
 * The two-person rule over a batch, in Chromium with two people: a second dashboard on the
 * simulated fleet in proxy mode with ACK_FLEET_TWO_PERSON=true (the browser sends the identity
 * headers and the shared secret, as oauth2-proxy would). Alice selects two deletion-blocked
 * Functions on Needs action and requests the batch; she sees it waiting and cannot approve it;
 * Bob, another operator, sees its items, eligibility, reason and requester, types the count and
 * the cluster's name, approves it, and follows the run to the end.
 */
import { expect, test } from "./fixtures";
import { startSecondDashboard, type SecondDashboard } from "./second-dashboard";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 4;
const CONTROL = `http://127.0.0.1:${PORT + 1}`;
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = "e2e-proxy-secret-two-person-0123456789";
const person = (user: string) => ({ "x-forwarded-user": user, "x-forwarded-email": user, "x-forwarded-groups": "ack-operators", "x-ack-fleet-proxy-secret": SECRET });
const ALICE = person("alice@example.com");
const BOB = person("bob@example.com");
const CLUSTER = "prod-us";
const PREFIX = `tp${Date.now().toString(36)}`;

let demo: SecondDashboard | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = await startSecondDashboard({
    port: PORT, controlPort: PORT + 1,
    dir: ".sim/e2e-two-person",
    env: { ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET, ACK_FLEET_TWO_PERSON: "true" },
    ready: async () => {
      const r = await fetch(`${BASE}/api/functions?limit=1`, { headers: ALICE });
      return r.ok && ((await r.json()) as { total: number }).total > 0;
    },
  });
});

test.afterAll(async () => {
  await demo?.stop();
});

test("a batch waits for a second operator: the requester cannot approve it, another one approves and it runs", async ({ browser }) => {
  test.setTimeout(150_000);
  const res = await fetch(`${CONTROL}/clusters/${CLUSTER}/outage`, { method: "POST", body: JSON.stringify({ namespace: "media", count: 2, prefix: PREFIX }) });
  expect(res.status).toBe(200);
  const { names } = (await res.json()) as { names: string[] };
  const reason = `two-person batch (${PREFIX})`;

  const alice = await browser.newContext({ extraHTTPHeaders: ALICE, baseURL: BASE });
  const bob = await browser.newContext({ extraHTTPHeaders: BOB, baseURL: BASE });
  try {
    const page = await alice.newPage();
    await page.goto("/needs-action");
    const section = page.getByRole("region", { name: /Functions with an eligible action/ });
    const toolbar = section.getByRole("toolbar", { name: "Act on many Functions" });
    await toolbar.getByLabel("Action").selectOption({ label: "Remove the ACK finalizer" });
    for (const n of names) await section.getByRole("checkbox", { name: `Select ${CLUSTER}/media/${n}` }).check({ timeout: 30_000 });
    await toolbar.getByRole("button", { name: "Remove the ACK finalizer: 2 selected…" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove the ACK finalizer: 2 Functions" });
    await expect(dialog.getByTestId("batch-counts")).toHaveText("2 of 2: 2 eligible", { timeout: 30_000 });
    await dialog.getByLabel(/Type the number of eligible Functions/).fill("2");
    await dialog.getByLabel(/Type the cluster's name/).fill(CLUSTER);
    await dialog.getByLabel(/^Reason/).fill(reason);
    await dialog.getByRole("button", { name: "Request approval for 2" }).click();
    await expect(dialog.getByRole("status")).toContainText("Waiting for a second operator");
    await dialog.getByRole("button", { name: "Close" }).click();

    // Alice sees it waiting, without a way to approve it herself.
    const mine = page.getByRole("region", { name: "Batches waiting for approval" }).getByRole("listitem").filter({ hasText: reason });
    await expect(mine).toContainText("Your own batch: another operator must approve it.");
    await expect(mine.getByRole("button", { name: /^Approve/ })).toHaveCount(0);

    // Bob sees what he approves: the items, their eligibility, the reason and who asked.
    const other = await bob.newPage();
    await other.goto("/needs-action");
    const pending = other.getByRole("region", { name: "Batches waiting for approval" }).getByRole("listitem").filter({ hasText: reason });
    await expect(pending).toContainText("asked by alice@example.com");
    await expect(pending).toContainText("Remove the ACK finalizer: 2 Functions in prod-us");
    for (const n of names) await expect(pending).toContainText(n);
    await expect(pending.getByTestId("batch-counts")).toHaveText("2 of 2: 2 eligible");
    const approve = pending.getByRole("button", { name: "Approve and run 2" });
    await expect(approve).toBeDisabled();
    await pending.getByLabel(/Type the number of Functions to approve/).fill("2");
    await pending.getByLabel(/Type the cluster's name/).fill(CLUSTER);
    await approve.click();
    const done = other.getByRole("status").filter({ hasText: "Approved by you" });
    await expect(done).toContainText("done.", { timeout: 60_000 });
    await expect(other.getByRole("region", { name: "Run" }).getByTestId("batch-counts")).toHaveText("2 of 2: 2 succeeded");
  } finally {
    await alice.close();
    await bob.close();
  }
});
