"use client";
/** The banner on every page: the product name and each cluster's connection badge. */
import Link from "next/link";
import { useFleetSummaries } from "@/lib/client/fleet-store/use-fleet";
import { useNow } from "@/lib/client/use-now";
import { ClusterBadge } from "./cluster-badge";
import { DesktopNotifyToggle } from "./desktop-notify-toggle";
import { KeyboardShortcuts } from "./keyboard/keyboard-shortcuts";
import { SkeletonBlock } from "./skeleton";
import { ThemeToggle } from "./theme-toggle";
import { TimeZoneToggle } from "./time-zone-toggle";
import { LiveIndicator } from "./timeline/live-indicator";
import { TitleCount } from "./title-count";

export function AppHeader() {
  // The fleet store's cluster summaries: pushed by the stream, polled only while it is down.
  const state = useFleetSummaries();
  const now = useNow(5_000);
  return (
    <header className="sticky top-0 z-20 h-14 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95">
      <TitleCount />
      <div className="flex h-full items-center gap-4 px-4 sm:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 rounded font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:text-slate-50"
        >
          <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded bg-orange-600 text-sm font-bold text-white">
            λ
          </span>
          ACK Lambda Fleet
        </Link>
        <nav aria-label="Pages" className="flex shrink-0 items-center gap-3 text-sm">
          <Link href="/" className="rounded text-slate-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-300">
            Overview
          </Link>
          <Link href="/needs-action" className="rounded text-slate-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-300">
            Needs action
          </Link>
          <Link href="/audit" className="rounded text-slate-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-300">
            Audit log
          </Link>
          <Link href="/controllers" className="rounded text-slate-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-300">
            Controllers
          </Link>
        </nav>
        <div className="ml-auto flex shrink-0 items-center gap-2">
          <DesktopNotifyToggle />
          <ThemeToggle />
          <TimeZoneToggle />
          <KeyboardShortcuts />
          <LiveIndicator />
        </div>
        <nav aria-label="Cluster connections" className="min-w-0">
          {state.loaded !== "nothing" ? (
            <ul className="flex flex-wrap items-center justify-end gap-1.5">
              {state.clusters.map((c) => (
                <li key={c.name} className="min-w-0">
                  <Link href={`/?cluster=${encodeURIComponent(c.name)}`} className="rounded focus-visible:outline-2 focus-visible:outline-sky-600">
                    <ClusterBadge cluster={c} now={now} />
                  </Link>
                </li>
              ))}
            </ul>
          ) : state.error ? (
            <span className="text-xs text-red-700 dark:text-red-300">Cluster status unavailable</span>
          ) : (
            <SkeletonBlock className="h-5 w-64" />
          )}
        </nav>
      </div>
    </header>
  );
}
