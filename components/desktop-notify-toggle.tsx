"use client";
/**
 * The header's switch for desktop notifications (lib/client/desktop-notifications.ts): asks the
 * browser's permission on click; while on, one notification when the count of Functions
 * needing action rises, from the fleet store's cluster summaries (the tab title's count).
 */
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { NOTICE_WINDOW_MS, noticeFor, setDesktopNotifications, useDesktopNotifications } from "@/lib/client/desktop-notifications";
import { useFleetSummaries } from "@/lib/client/fleet-store/use-fleet";
import { countNeedingAction } from "@/lib/client/title-count";

export function DesktopNotifyToggle() {
  const state = useDesktopNotifications();
  const fleet = useFleetSummaries();
  const count = fleet.loaded === "nothing" ? null : countNeedingAction(fleet.clusters);
  const latest = useRef<number | null>(null);
  const baseline = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const router = useRouter();

  useEffect(() => {
    latest.current = count;
    if (state !== "on") {
      baseline.current = null;
      return;
    }
    if (count === null) return;
    // The first count seen while on is where rises are measured from: nothing is told at load.
    if (baseline.current === null) {
      baseline.current = count;
      return;
    }
    timer.current ??= setTimeout(() => {
      timer.current = null;
      const now = latest.current;
      if (now === null || baseline.current === null) return;
      const n = noticeFor(baseline.current, now);
      baseline.current = n.baseline;
      if (!n.notify) return;
      const note = new Notification("ACK Lambda Fleet", { body: n.notify, tag: "ack-fleet-needs-action" });
      note.onclick = () => {
        window.focus();
        router.push("/needs-action");
      };
    }, NOTICE_WINDOW_MS);
  }, [state, count, router]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  if (state === "unsupported") return null;
  const on = state === "on";
  return (
    <button
      type="button"
      aria-pressed={on}
      disabled={state === "blocked"}
      onClick={() => void setDesktopNotifications(!on)}
      title={state === "blocked" ? "Notifications are blocked for this site in the browser's settings" : undefined}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-60 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      Desktop alerts {on ? "on" : state === "blocked" ? "blocked" : "off"}
    </button>
  );
}
