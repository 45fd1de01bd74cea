/**
 * Downloads of what the overview shows: its rows as CSV or JSON with the same filters and order
 * (GET /api/export/functions), and the manifests of the selected cluster and namespace as a
 * .tar.gz to re-apply (GET /api/export/manifests). Plain links: the browser streams the file.
 */
import { toOverviewQuery, type OverviewFilters } from "@/lib/client/overview-filters";

const link =
  "inline-flex h-8 items-center rounded border border-slate-300 px-2 text-xs font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800";

export function exportHrefs(filters: OverviewFilters): { csv: string; json: string; manifests: string } {
  // Sort and order always: the overview's default order for a column need not be the API's.
  const params = new URLSearchParams(toOverviewQuery(filters));
  params.set("sort", filters.sort);
  params.set("order", filters.order);
  const table = (format: string) => `/api/export/functions?format=${format}&${params.toString()}`;
  const scope = new URLSearchParams();
  if (filters.cluster) scope.set("cluster", filters.cluster);
  if (filters.namespace) scope.set("namespace", filters.namespace);
  const s = scope.toString();
  return { csv: table("csv"), json: table("json"), manifests: `/api/export/manifests${s ? `?${s}` : ""}` };
}

export function ExportLinks({ filters }: { filters: OverviewFilters }) {
  const hrefs = exportHrefs(filters);
  const where = filters.cluster ? `${filters.cluster}${filters.namespace ? `/${filters.namespace}` : ""}` : "every cluster";
  return (
    <nav aria-label="Export" className="flex flex-wrap items-center gap-1.5 text-xs text-slate-700 dark:text-slate-300">
      <span className="font-medium">Export</span>
      <a className={link} href={hrefs.csv} download>
        Rows as CSV
      </a>
      <a className={link} href={hrefs.json} download>
        Rows as JSON
      </a>
      <a className={link} href={hrefs.manifests} download title={`Every ACK Lambda manifest of ${where}, cleaned to re-apply`}>
        Manifests of {where} (.tar.gz)
      </a>
    </nav>
  );
}
