import { fits } from "@/lib/domain/remediation/fitting";
import { allEligibility } from "@/lib/domain/eligibility";
import { healthRank } from "@/lib/domain/health";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import type { NeedsAction } from "@/lib/domain/wire/remediation";
import { readerOf } from "@/lib/server/auth/reader";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/remediations/needs-action: Functions for which a remediation that fits their verdict
 * (lib/client/remediation/fitting.ts) is allowed by eligibility() right now, worst verdict
 * first, with that action's warnings.
 * The same rows the list shows to this person (proxy mode: the namespaces they may list);
 * permissions to act are per person and asked on the detail page.
 */
export const GET = handle(async (req: Request) => {
  const { fleet, visibility, config } = serverApp();
  const rows = await visibility.filter(await readerOf(req, config), fleet.rows(), (r) => r);
  const now = Date.now();
  const items = [];
  for (const row of rows) {
    if (!row.verdict.actions.some((a) => fits(row.verdict.health, a))) continue;
    const facts = fleet.facts(row.id);
    if (!facts) continue;
    const all = allEligibility(facts, row.aws, fleet.clusters.get(row.cluster)?.controller ?? null, now, fleet.settings);
    const actions = row.verdict.actions
      .filter((a: RemediationAction) => fits(row.verdict.health, a) && all[a].allowed)
      .map((a: RemediationAction) => ({ action: a, warnings: all[a].warnings }));
    if (actions.length === 0) continue;
    items.push({
      id: row.id,
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      health: row.verdict.health,
      summary: row.verdict.summary,
      since: row.verdict.since,
      deletionTimestamp: row.deletionTimestamp,
      actions,
    });
  }
  items.sort((a, b) => healthRank(a.health) - healthRank(b.health) || a.id.localeCompare(b.id));
  return json({ generatedAt: new Date(now).toISOString(), items } satisfies NeedsAction);
});
