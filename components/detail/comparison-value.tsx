/** A value of a side-by-side comparison: "—" (read as "not set") when absent. */
export function ComparisonValue({ text }: { text: string | null }) {
  if (text === null)
    return (
      <span className="text-slate-500 dark:text-slate-400">
        <span aria-hidden="true">—</span>
        <span className="sr-only">not set</span>
      </span>
    );
  // Wraps at spaces first (lists of names), anywhere only for long ARNs and hashes.
  return <span className="whitespace-pre-wrap [overflow-wrap:anywhere]">{text}</span>;
}
