"use client";
/**
 * <FunctionTimeline cluster namespace name />: the recorded history of one Function as a
 * timeline. Self-contained: it fetches its own data (GET …/timeline) with TanStack
 * Query; with useFleetStream() mounted, new entries arrive live, otherwise it polls.
 */
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { isNotFound } from "@/lib/client/api-fetch";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { useTimeline, type TimelineRange } from "@/lib/client/timeline/get-timeline";
import { parseTimelineParams, withTimelineParams, type TimelineUrlState } from "@/lib/client/timeline/timeline-url";
import { useNow } from "@/lib/client/use-now";
import { Panel } from "../panel";
import { LiveIndicator } from "./live-indicator";
import { TimelineView } from "./timeline-view";

export function FunctionTimeline({ cluster, namespace, name }: FunctionRef) {
  const ref = useMemo(() => ({ cluster, namespace, name }), [cluster, namespace, name]);
  // Range, zoom and view come from the URL (a shared link shows the same view) and go back to it.
  const searchParams = useSearchParams();
  const [initial] = useState(() => parseTimelineParams(searchParams));
  const [urlState, setUrlState] = useState<TimelineUrlState>(initial);
  const range = urlState.range;
  const writeUrl = useCallback((next: TimelineUrlState) => {
    setUrlState(next);
    const query = withTimelineParams(window.location.search, next);
    window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`);
  }, []);
  const setRange = (r: TimelineRange) => writeUrl({ range: r, view: urlState.view, window: null });
  const query = useTimeline(ref, range);
  const now = useNow(1_000);

  let body: React.ReactNode;
  if (query.data) {
    body = (
      <TimelineView
        functionRef={ref}
        data={query.data}
        range={range}
        onRange={setRange}
        now={now}
        initialView={initial.view}
        initialWindow={initial.window}
        onViewState={(s) => writeUrl({ range, ...s })}
      />
    );
  } else if (isNotFound(query.error)) {
    body = <p className="text-sm text-slate-600 dark:text-slate-400">Nothing is recorded about this Function yet.</p>;
  } else if (query.error) {
    body = (
      <div role="alert" className="text-sm text-red-900 dark:text-red-100">
        <p className="font-semibold">The timeline could not be loaded.</p>
        <p className="break-words">{query.error.message}</p>
        <button type="button" onClick={() => void query.refetch()} className="mt-2 rounded border border-red-400 px-2 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-sky-600">
          Try again
        </button>
      </div>
    );
  } else {
    body = (
      <div aria-busy="true" className="space-y-2" role="status">
        <span className="sr-only">Loading the timeline</span>
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
        ))}
      </div>
    );
  }

  return (
    <Panel title="Timeline" actions={<LiveIndicator />}>
      {body}
    </Panel>
  );
}
