/**
 * The messages webhooks receive for one collection window's transitions: the generic JSON
 * body (lib/domain/wire/notification.ts) and a Slack-compatible one (`text` for the
 * notification line and clients without blocks, `blocks` in Slack's Block Kit). A burst is one
 * summary: counts per cluster and verdict, the first `maxNamed` Functions named (worst first),
 * and the link to the needs-action view. Pure: `at` is passed in.
 */
import { healthRank } from "../health";
import { NOTIFICATION_SCHEMA, type Notification, type VerdictTransition } from "../wire/notification";

export interface MessageOptions {
  at: number;
  /** ACK_FLEET_PUBLIC_URL without a trailing slash, or null (then messages carry no links). */
  baseUrl: string | null;
  maxNamed: number;
}

export function buildNotification(transitions: readonly VerdictTransition[], opts: MessageOptions): Notification {
  const ordered = [...transitions].sort(worstFirst);
  const counts = new Map<string, Notification["counts"][number]>();
  for (const t of ordered) {
    const key = `${t.cluster}\u0000${t.to}\u0000${t.change}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { cluster: t.cluster, to: t.to, change: t.change, count: 1 });
  }
  const named = ordered.slice(0, opts.maxNamed);
  return {
    schema: NOTIFICATION_SCHEMA,
    at: new Date(opts.at).toISOString(),
    total: ordered.length,
    counts: [...counts.values()],
    transitions: named,
    omitted: ordered.length - named.length,
    needsActionUrl: opts.baseUrl ? `${opts.baseUrl}/needs-action` : null,
  };
}

/** Entered before left, then worst verdict first, then by id (a stable order for readers and tests). */
function worstFirst(a: VerdictTransition, b: VerdictTransition): number {
  if (a.change !== b.change) return a.change === "entered" ? -1 : 1;
  const rank = (t: VerdictTransition) => (t.to === "gone" ? -1 : healthRank(t.to));
  return rank(a) - rank(b) || a.id.localeCompare(b.id);
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** One line: how many entered which verdict, how many recovered. */
export function headline(n: Notification): string {
  const entered = new Map<string, number>();
  let left = 0;
  for (const c of n.counts) {
    if (c.change === "left") left += c.count;
    else entered.set(c.to, (entered.get(c.to) ?? 0) + c.count);
  }
  const parts = [...entered].map(([verdict, count]) => `${count} ${verdict}`);
  const clusters = new Set(n.counts.map((c) => c.cluster));
  const where = clusters.size === 1 ? ` in ${[...clusters][0]}` : ` in ${clusters.size} clusters`;
  const enteredText = parts.length ? `${plural(sum(entered), "Function")} need${sum(entered) === 1 ? "s" : ""} action: ${parts.join(", ")}` : "";
  const leftText = left ? `${plural(left, "Function")} no longer need${left === 1 ? "s" : ""} action` : "";
  return `ACK Lambda Fleet: ${[enteredText, leftText].filter(Boolean).join("; ")}${where}.`;
}

export function buildSlackMessage(n: Notification): SlackMessage {
  // Slack reads `text` as mrkdwn too: cluster names come from kubeconfig contexts, not from us.
  const text = escapeSlack(headline(n));
  const lines = n.transitions.map((t) => {
    const label = t.url ? `<${escapeSlack(t.url)}|${escapeSlack(t.id)}>` : `\`${escapeSlack(t.id)}\``;
    const move = t.change === "entered" ? `*${t.to}*${t.from ? ` (was ${t.from})` : ""}` : `${t.from ?? "?"} → ${t.to}`;
    return `• ${label}: ${move}${t.summary ? ` — ${escapeSlack(t.summary.slice(0, 150))}` : ""}`;
  });
  if (n.omitted) lines.push(`…and ${n.omitted} more.`);
  const blocks: SlackMessage["blocks"] = [
    { type: "section", text: { type: "mrkdwn", text } },
    { type: "section", text: { type: "mrkdwn", text: truncate(perCluster(n).join("\n"), 2900) } },
    // Slack refuses a section text over 3,000 characters.
    { type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 2900) } },
  ];
  if (n.needsActionUrl) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${escapeSlack(n.needsActionUrl)}|Open what needs action>` }] });
  return { text, blocks };
}

/** One line per cluster: "*prod-us*: 45 stuck, 5 deletion-blocked; 2 no longer need action". */
function perCluster(n: Notification): string[] {
  const byCluster = new Map<string, { entered: string[]; left: number }>();
  for (const c of n.counts) {
    const e = byCluster.get(c.cluster) ?? { entered: [], left: 0 };
    if (c.change === "entered") e.entered.push(`${c.count} ${c.to}`);
    else e.left += c.count;
    byCluster.set(c.cluster, e);
  }
  return [...byCluster].map(([cluster, e]) => `*${escapeSlack(cluster)}*: ${[e.entered.join(", "), e.left ? `${e.left} no longer need${e.left === 1 ? "s" : ""} action` : ""].filter(Boolean).join("; ")}`);
}

/** Slack's mrkdwn control characters (api.slack.com "Formatting text for app surfaces": escape &, <, >). */
function escapeSlack(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, s.lastIndexOf("\n", max) > 0 ? s.lastIndexOf("\n", max) : max)}\n…`;
}

function sum(m: Map<string, number>): number {
  return [...m.values()].reduce((a, b) => a + b, 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
