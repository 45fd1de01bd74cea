import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { buildTimeline } from "@/lib/domain/timeline/lanes";
import { currentStateSummary } from "./current-state";
import { timelineExport } from "./export";
import { axisTicks, fitToData, isZoomed, pan, percentOf, rangeWindow, zoom } from "./view-window";

const NOW = Date.parse("2025-11-26T15:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

const entry = (lane: string, kind: TimelineEntry["kind"], value: string, ago: number, source: TimelineEntry["source"] = "reconstructed"): TimelineEntry => ({
  id: `${lane}-${ago}`,
  cluster: "prod-us",
  namespace: "checkout",
  name: "order-events-processor",
  uid: "u",
  at: new Date(NOW - ago).toISOString(),
  observedAt: new Date(NOW).toISOString(),
  kind,
  lane,
  value,
  reason: null,
  message: null,
  source,
  detail: null,
});

describe("currentStateSummary", () => {
  it("says the seed case in words", () => {
    const model = buildTimeline(
      [entry("k8s:state", "state", "Pending", 3 * HOUR + 12 * MIN), entry("aws:state", "aws-state", "Active", 3 * HOUR + 11 * MIN)],
      NOW,
    );
    expect(currentStateSummary(model, NOW)).toEqual({
      text: "Pending in Kubernetes for 3 h 12 min while Active in AWS since 3 h 11 min",
      reconstructed: true,
      differs: true,
    });
  });

  it("says when both agree, when one side is unknown, and nothing when nothing is known", () => {
    const both = buildTimeline([entry("k8s:state", "state", "Active", 2 * HOUR, "observed"), entry("aws:state", "aws-state", "Active", HOUR, "observed")], NOW);
    expect(currentStateSummary(both, NOW)).toMatchObject({ text: "Active in Kubernetes for 2 h and in AWS for 1 h", reconstructed: false, differs: false });
    const k8sOnly = buildTimeline([entry("k8s:state", "state", "Pending", 5 * MIN)], NOW);
    expect(currentStateSummary(k8sOnly, NOW)?.text).toBe("Pending in Kubernetes for 5 min; the live AWS state is not recorded yet");
    expect(currentStateSummary(buildTimeline([], NOW), NOW)).toBeNull();
  });
});

describe("view window", () => {
  it("spans the range up to now, with room for the now line", () => {
    const w = rangeWindow("1h", NOW, null);
    expect(w.from).toBe(NOW - HOUR);
    expect(w.to).toBeGreaterThan(NOW);
    expect(rangeWindow("all", NOW, NOW - 3 * 24 * HOUR).from).toBe(NOW - 3 * 24 * HOUR);
  });

  it("zooms and pans inside the range, never past its edges or below a minute", () => {
    const bounds = rangeWindow("24h", NOW, null);
    const zin = zoom(bounds, 0.5, bounds);
    expect(zin.to - zin.from).toBeCloseTo((bounds.to - bounds.from) / 2);
    expect(isZoomed(zin, bounds)).toBe(true);
    expect(zoom(zin, 4, bounds)).toEqual(bounds);
    expect(pan(zin, -10, bounds).from).toBe(bounds.from);
    expect(pan(zin, 10, bounds).to).toBe(bounds.to);
    let w = bounds;
    for (let i = 0; i < 30; i++) w = zoom(w, 0.5, bounds);
    expect(w.to - w.from).toBe(MIN);
    expect(percentOf(bounds.from, bounds)).toBe(0);
  });

  it("puts axis ticks on round UTC times", () => {
    const ticks = axisTicks({ from: Date.parse("2025-11-26T09:10:00Z"), to: Date.parse("2025-11-26T15:00:00Z") });
    expect(ticks.map((t) => t.label)).toEqual(["10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]);
  });
});

describe("timelineExport", () => {
  it("names the file after the Function and holds the entries", () => {
    const e = entry("k8s:state", "state", "Pending", HOUR);
    const out = timelineExport({ cluster: "arn:aws:eks:eu-west-1:1:cluster/prod", namespace: "checkout", name: "fn" }, "24h", [e], NOW);
    expect(out.filename).toBe("arn-aws-eks-eu-west-1-1-cluster-prod_checkout_fn_timeline.json");
    expect(JSON.parse(out.json)).toMatchObject({ range: "24h", entries: [{ value: "Pending" }] });
  });
});

describe("fitToData", () => {
  it("shows a short history from just before its start, and leaves a full range alone", () => {
    const bounds = rangeWindow("24h", NOW, null);
    const fit = fitToData(bounds, NOW - 3 * HOUR);
    expect(fit!.to).toBe(bounds.to);
    expect(fit!.from).toBeLessThan(NOW - 3 * HOUR);
    expect(fit!.from).toBeGreaterThan(NOW - 4 * HOUR);
    expect(fitToData(bounds, NOW - 20 * HOUR)).toBeNull();
    expect(fitToData(bounds, null)).toBeNull();
  });
});
