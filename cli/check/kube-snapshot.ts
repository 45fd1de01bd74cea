/**
 * The fleet as the kubeconfig's clusters and AWS show it right now, judged with diagnose():
 * each cluster read once (kube-source.ts), the live state of every Function whose AWS account,
 * region and name are known read once (aws-rounds.ts), then one verdict per Function.
 */
import { awsLocationOf } from "@/lib/domain/aws-locator";
import { diagnose } from "@/lib/domain/diagnose";
import { type FunctionFacts, toFunctionFacts } from "@/lib/domain/function-object";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { DiagnoseSettings } from "@/lib/domain/diagnose-settings";
import type { ClusterContext } from "@/lib/server/kube/kubeconfig";
import type { AwsRounds } from "./aws-rounds";
import type { CheckedFunction, FleetSnapshot } from "./evaluate";
import { readCluster } from "./kube-source";

/** How long one round of AWS reads may take before the check goes on with what it has. */
const AWS_ROUND_TIMEOUT_MS = 120_000;

export interface KubeSnapshotOptions {
  contexts: ClusterContext[];
  namespaces: string[];
  /** Null: AWS is not read (--no-aws); verdicts then come from Kubernetes alone. */
  aws: AwsRounds | null;
  settings: DiagnoseSettings;
  now: () => number;
}

function metaOf(obj: unknown): { namespace: string; name: string } {
  const m = (obj as { metadata?: { namespace?: unknown; name?: unknown } } | null)?.metadata;
  return { namespace: typeof m?.namespace === "string" ? m.namespace : "?", name: typeof m?.name === "string" ? m.name : "?" };
}

export async function kubeSnapshot(opts: KubeSnapshotOptions): Promise<FleetSnapshot> {
  const reads = await Promise.all(opts.contexts.map((ctx) => readCluster(ctx, opts.namespaces)));
  const snapshot: FleetSnapshot = { clusters: [], functions: [], awsAccountErrors: [], rejected: [], notes: [] };
  const facts: FunctionFacts[] = [];
  for (const read of reads) {
    snapshot.clusters.push({ name: read.name, error: read.error, controller: read.controller, controllerError: read.controllerError });
    for (const message of read.namespaceErrors) snapshot.notes.push({ cluster: read.name, message: `${message}; regions from namespace annotations are unknown there` });
    for (const obj of read.functions) {
      const { namespace, name } = metaOf(obj);
      const parsed = toFunctionFacts(obj, read.name, { annotations: read.namespaceAnnotations.get(namespace) });
      if (parsed.ok) facts.push(parsed.facts);
      else snapshot.rejected.push({ id: `${read.name}/${namespace}/${name}`, cluster: read.name, error: parsed.error });
    }
  }

  const targets = facts.flatMap((f) => {
    const loc = awsLocationOf(f);
    return loc ? [{ id: f.id, loc }] : [];
  });
  const states: Map<string, AwsState | null> = opts.aws && targets.length ? await opts.aws.read(targets, AWS_ROUND_TIMEOUT_MS) : new Map();

  const failedAccounts = new Map<string, { accountId: string; region: string; message: string; functions: number }>();
  for (const t of targets) {
    const error = states.get(t.id)?.error;
    if (!error) continue;
    const key = `${t.loc.accountId}/${t.loc.region}`;
    const entry = failedAccounts.get(key) ?? { accountId: t.loc.accountId, region: t.loc.region, message: `${error.code}: ${error.message}`, functions: 0 };
    entry.functions++;
    failedAccounts.set(key, entry);
  }
  snapshot.awsAccountErrors = [...failedAccounts.values()];

  const controllers = new Map(reads.map((r) => [r.name, r.controller]));
  const now = opts.now();
  snapshot.functions = facts.map(
    (f): CheckedFunction => ({
      id: f.id,
      cluster: f.cluster,
      namespace: f.namespace,
      name: f.name,
      verdict: diagnose(f, states.get(f.id) ?? null, controllers.get(f.cluster) ?? null, now, opts.settings),
    }),
  );
  return snapshot;
}
