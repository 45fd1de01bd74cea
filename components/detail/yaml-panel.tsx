"use client";
/**
 * The whole object as YAML, with a download. Loaded lazily (it pulls in the yaml package), so
 * the rest of the page does not wait for it.
 */
import { useMemo, useState } from "react";
import { toYaml, yamlFileName } from "@/lib/client/function-object";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { Panel } from "../panel";

const button =
  "rounded border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";

export default function YamlPanel({ object, functionRef }: { object: unknown; functionRef: FunctionRef }) {
  const yaml = useMemo(() => toYaml(object), [object]);
  const [copied, setCopied] = useState(false);
  const fileName = yamlFileName(functionRef);

  const download = () => {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    // Let the click start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Panel
      title="Object (YAML)"
      actions={
        <div className="flex items-center gap-2">
          <span aria-live="polite" className="text-xs text-slate-600 dark:text-slate-400">
            {copied ? "Copied" : ""}
          </span>
          <button type="button" className={button} onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" className={button} onClick={download}>
            Download {fileName}
          </button>
        </div>
      }
    >
      <pre
        tabIndex={0}
        aria-label="The Function object as YAML"
        className="max-h-[32rem] overflow-auto rounded bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:bg-slate-950 dark:text-slate-100"
      >
        {yaml}
      </pre>
    </Panel>
  );
}
