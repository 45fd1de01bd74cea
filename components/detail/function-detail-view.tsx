"use client";
/** The detail page's body for one Function, fed with the detail response. No fetching here. */
import { lazy, Suspense } from "react";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { formatAgo } from "@/lib/client/format";
import { PanelSkeleton } from "../skeleton";
import { CommandsPanel } from "./commands-panel";
import { ConfigComparisonPanel } from "./config-comparison-panel";
import { ConditionsPanel } from "./conditions-panel";
import { ControllerPanel } from "./controller-panel";
import { DeletionPanel } from "./deletion-panel";
import { DetailHeader } from "./detail-header";
import { EligibilityPanel } from "./eligibility-panel";
import { EventsPanel } from "./events-panel";
import { StateComparisonPanel } from "./state-comparison-panel";
import { VerdictPanel } from "./verdict-panel";

const YamlPanel = lazy(() => import("./yaml-panel"));

export function FunctionDetailView({
  detail,
  now,
  refreshError,
}: {
  detail: FunctionDetail;
  now: number;
  refreshError: string | null;
}) {
  return (
    <div className="space-y-4">
      {refreshError ? (
        <p role="alert" className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          Refresh failed: {refreshError}. Showing what was loaded before (row observed {formatAgo(detail.observedAt, now)}).
        </p>
      ) : null}
      <DetailHeader detail={detail} now={now} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <VerdictPanel verdict={detail.verdict} />
          <StateComparisonPanel detail={detail} now={now} />
          <ConfigComparisonPanel detail={detail} />
          <ConditionsPanel conditions={detail.conditions} now={now} />
        </div>
        <div className="space-y-4">
          <DeletionPanel detail={detail} now={now} />
          <ControllerPanel detail={detail} now={now} />
          <EligibilityPanel eligibility={detail.eligibility} />
          <CommandsPanel detail={detail} />
        </div>
      </div>
      <EventsPanel events={detail.events} now={now} />
      <Suspense fallback={<PanelSkeleton label="Loading the YAML view" lines={8} />}>
        <YamlPanel object={detail.object} functionRef={detail} />
      </Suspense>
    </div>
  );
}
