"use client";
/**
 * The controller page: per cluster, each ACK Lambda controller Deployment (version, where it was
 * read, replicas), the known bugs of that version with the Functions they affect now, whether it
 * is below the minimum, and the commands that upgrade it.
 */
import type { ClusterControllers, ControllersResponse } from "@/lib/domain/wire/controllers";
import { useControllers } from "@/lib/client/use-controllers";
import { Panel } from "../panel";

const SOURCE: Record<string, string> = { "image-tag": "image tag", "version-label": "app.kubernetes.io/version label", "chart-label": "helm.sh/chart label" };

function ClusterCard({ c }: { c: ClusterControllers }) {
  const status =
    c.deployments.length === 0
      ? { text: c.connected ? "no controller found" : "not read (disconnected)", tone: "text-amber-800 dark:text-amber-300" }
      : c.belowMinimum
        ? { text: "below the minimum version", tone: "text-red-800 dark:text-red-300" }
        : c.knownBugs.length
          ? { text: "has known bugs", tone: "text-red-800 dark:text-red-300" }
          : c.versionUnknown
            ? { text: "version unknown", tone: "text-amber-800 dark:text-amber-300" }
            : { text: "no known bug", tone: "text-emerald-800 dark:text-emerald-300" };
  return (
    <Panel title={c.cluster}>
      <p className={`text-sm font-medium ${status.tone}`}>{status.text}</p>
      <table className="mt-2 w-full text-left text-sm">
        <thead className="text-xs text-slate-600 dark:text-slate-400">
          <tr>
            <th className="py-1 pr-3 font-medium">Deployment</th>
            <th className="py-1 pr-3 font-medium">Version</th>
            <th className="py-1 pr-3 font-medium">Ready</th>
            <th className="py-1 font-medium">Image</th>
          </tr>
        </thead>
        <tbody>
          {c.deployments.map((d) => (
            <tr key={`${d.namespace}/${d.name}`} className="border-t border-slate-200 align-top dark:border-slate-800">
              <td className="py-1 pr-3 font-mono text-xs">
                {d.namespace}/{d.name}
              </td>
              <td className="py-1 pr-3">
                {d.version ?? "unknown"}
                {d.versionSource ? <span className="block text-xs text-slate-600 dark:text-slate-400">from the {SOURCE[d.versionSource]}</span> : null}
              </td>
              <td className="py-1 pr-3 tabular">
                {d.readyReplicas ?? 0}/{d.replicas ?? "?"}
              </td>
              <td className="break-all py-1 font-mono text-xs">{d.image ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.knownBugs.length ? (
        <ul className="mt-3 space-y-2">
          {c.knownBugs.map((b) => (
            <li key={b.id} className="rounded border border-red-200 p-2 text-sm dark:border-red-900">
              <p className="font-medium">
                {b.title} (fixed in {b.fixedIn}):{" "}
<span className="tabular">
                  {b.affectedFunctions} Function{b.affectedFunctions === 1 ? "" : "s"} affected now
                </span>
              </p>
              <p className="text-slate-700 dark:text-slate-300">{b.symptom}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                {b.citation.issue}; fix {b.citation.fix}; {b.citation.release}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {c.upgrade ? (
        <div className="mt-3">
          <p className="text-sm font-medium">Upgrade to {c.upgrade.toVersion} (Helm install):</p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">{c.upgrade.commands.join("\n")}</pre>
        </div>
      ) : null}
    </Panel>
  );
}

export function ControllersList({ data }: { data: ControllersResponse }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {data.minimumVersion ? `Minimum version: ${data.minimumVersion} (ACK_FLEET_MIN_CONTROLLER_VERSION). ` : "No minimum version set (ACK_FLEET_MIN_CONTROLLER_VERSION). "}
        Upgrades go to {data.targetVersion}.
      </p>
      <div className="grid gap-3 lg:grid-cols-2">
        {data.clusters.map((c) => (
          <ClusterCard key={c.cluster} c={c} />
        ))}
      </div>
    </div>
  );
}

export function ControllersView() {
  const q = useControllers();
  if (q.error) {
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        The controllers could not be read: {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading the controllers…</p>;
  return <ControllersList data={q.data} />;
}
