"use client";
/**
 * Keeps "(N) " in front of the tab's title, N the Functions that need action
 * (lib/client/title-count.ts), from the fleet store's cluster summaries. Next.js sets the title
 * of each page when it is shown: a watch on <title> puts the count back after it does.
 */
import { useEffect } from "react";
import { useFleetSummaries } from "@/lib/client/fleet-store/use-fleet";
import { countNeedingAction, titleWithCount } from "@/lib/client/title-count";

export function TitleCount() {
  const state = useFleetSummaries();
  const count = state.loaded === "nothing" ? 0 : countNeedingAction(state.clusters);
  useEffect(() => {
    const apply = () => {
      const next = titleWithCount(document.title, count);
      if (next !== document.title) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = titleWithCount(document.title, 0);
    };
  }, [count]);
  return null;
}
