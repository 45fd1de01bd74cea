import { describe, expect, it } from "vitest";
import { NotificationSchema } from "../wire/notification";
import { buildNotification, buildSlackMessage, headline } from "./messages";
import { concerns, transitionOf, type FunctionNow } from "./transitions";

const ref = (name: string, cluster = "prod") => ({ cluster, namespace: "payments", name });
const verdict = (name: string, health: FunctionNow extends infer F ? (F extends { health: infer H } ? H : never) : never, cluster = "prod"): FunctionNow => ({
  kind: "verdict",
  ref: ref(name, cluster),
  health,
  summary: `summary of ${name}`,
  since: "2026-01-01T00:00:00.000Z",
});
const BASE = "https://fleet.example.com";

describe("transitionOf", () => {
  it("enters a notified verdict once, with the Function's dashboard link", () => {
    const t = transitionOf(null, verdict("checkout", "stuck"), BASE);
    expect(t).toMatchObject({ id: "prod/payments/checkout", from: null, to: "stuck", change: "entered", url: `${BASE}/functions/prod/payments/checkout` });
    expect(transitionOf("stuck", verdict("checkout", "stuck"), BASE)).toBeNull();
  });

  it("moves between notified verdicts, leaves them for a better verdict or when gone, and ignores healthy Functions never notified", () => {
    expect(transitionOf("stuck", verdict("a", "deletion-blocked"), BASE)).toMatchObject({ from: "stuck", to: "deletion-blocked", change: "entered" });
    expect(transitionOf("stuck", verdict("a", "healthy"), BASE)).toMatchObject({ from: "stuck", to: "healthy", change: "left" });
    expect(transitionOf("deletion-blocked", { kind: "gone", ref: ref("a") }, BASE)).toMatchObject({ to: "gone", change: "left", url: null });
    expect(transitionOf(null, verdict("a", "healthy"), BASE)).toBeNull();
    expect(transitionOf(null, verdict("a", "drift"), BASE)).toBeNull();
    expect(transitionOf(null, { kind: "gone", ref: ref("a") }, BASE)).toBeNull();
  });

  it("says nothing on unknown (a restart before AWS is read again): what was notified stands", () => {
    expect(transitionOf("deletion-blocked", verdict("a", "unknown"), BASE)).toBeNull();
  });

  it("has no links without a public URL", () => {
    expect(transitionOf(null, verdict("a", "terminal"), null)?.url).toBeNull();
  });

  it("concerns a webhook when the Function enters or leaves one of its verdicts", () => {
    const t = transitionOf("stuck", verdict("a", "deletion-blocked"), BASE)!;
    expect(concerns(t, ["stuck"])).toBe(true);
    expect(concerns(t, ["deletion-blocked"])).toBe(true);
    expect(concerns(t, ["terminal", "failed"])).toBe(false);
  });
});

describe("messages", () => {
  const burst = Array.from({ length: 50 }, (_, i) => transitionOf(null, verdict(`fn-${String(i).padStart(2, "0")}`, i % 10 === 0 ? "deletion-blocked" : "stuck", i < 40 ? "prod" : "staging"), BASE)!);

  it("summarises a burst in one message: counts per cluster and verdict, the first N named worst first, the needs-action link", () => {
    const n = buildNotification(burst, { at: Date.parse("2026-01-01T00:05:00Z"), baseUrl: BASE, maxNamed: 10 });
    expect(NotificationSchema.parse(n)).toEqual(n);
    expect(n.total).toBe(50);
    expect(n.omitted).toBe(40);
    expect(n.transitions).toHaveLength(10);
    expect(n.transitions.slice(0, 5).map((t) => t.to)).toEqual(Array(5).fill("deletion-blocked"));
    expect(n.counts).toEqual(
      expect.arrayContaining([
        { cluster: "prod", to: "deletion-blocked", change: "entered", count: 4 },
        { cluster: "prod", to: "stuck", change: "entered", count: 36 },
        { cluster: "staging", to: "deletion-blocked", change: "entered", count: 1 },
        { cluster: "staging", to: "stuck", change: "entered", count: 9 },
      ]),
    );
    expect(n.needsActionUrl).toBe(`${BASE}/needs-action`);
    expect(headline(n)).toBe("ACK Lambda Fleet: 50 Functions need action: 5 deletion-blocked, 45 stuck in 2 clusters.");
  });

  it("makes a Slack message with text, escaped Function lines with links, the omitted count and the needs-action link", () => {
    const hostile = transitionOf(null, { ...verdict("a-evil", "deletion-blocked"), summary: "<!channel> & <https://x|y>" } as FunctionNow, BASE)!;
    const s = buildSlackMessage(buildNotification([hostile, ...burst], { at: 0, baseUrl: BASE, maxNamed: 3 }));
    expect(s.text).toContain("51 Functions need action");
    const body = JSON.stringify(s.blocks);
    expect(body).toContain("&lt;!channel&gt; &amp; &lt;https://x|y&gt;");
    expect(body).not.toContain("<!channel>");
    expect(body).toContain(`<${BASE}/functions/prod/payments/fn-00|prod/payments/fn-00>`);
    expect(body).toContain("…and 48 more.");
    expect(body).toContain("*prod*: 5 deletion-blocked, 36 stuck\\n*staging*: 1 deletion-blocked, 9 stuck");
    expect(body).toContain(`<${BASE}/needs-action|Open what needs action>`);
  });

  it("escapes a cluster name in the Slack text and counts (contexts are named by whoever wrote the kubeconfig)", () => {
    const t = transitionOf(null, verdict("a", "stuck", "<!here>"), null)!;
    const s = buildSlackMessage(buildNotification([t], { at: 0, baseUrl: null, maxNamed: 5 }));
    expect(s.text).toBe("ACK Lambda Fleet: 1 Function needs action: 1 stuck in &lt;!here&gt;.");
    expect(JSON.stringify(s)).not.toContain("<!here>");
  });

  it("says recovery plainly", () => {
    const left = transitionOf("stuck", verdict("a", "healthy"), BASE)!;
    expect(headline(buildNotification([left], { at: 0, baseUrl: null, maxNamed: 5 }))).toBe("ACK Lambda Fleet: 1 Function no longer needs action in prod.");
  });
});
