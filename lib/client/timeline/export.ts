/** The timeline's entries as a JSON file, to download. */
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { FunctionRef } from "../../domain/function-ref";

export function timelineExport(ref: FunctionRef, range: string, entries: TimelineEntry[], now: number) {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-");
  return {
    filename: `${safe(ref.cluster)}_${safe(ref.namespace)}_${safe(ref.name)}_timeline.json`,
    json: JSON.stringify(
      { function: `${ref.cluster}/${ref.namespace}/${ref.name}`, range, exportedAt: new Date(now).toISOString(), entries },
      null,
      2,
    ),
  };
}

/** Starts the browser download of `text` as `filename`. */
export function downloadText(filename: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
