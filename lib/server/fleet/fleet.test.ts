/**
 * The fleet with plain fakes (no cluster, no AWS): what its events carry, when a cluster's
 * summary changes, namespace changes applied at once, since when conditions hold (followed by
 * the fleet itself, seeded from what was recorded), and verdicts that move with the clock.
 */
import { describe, expect, it } from "vitest";
import { ANNOTATION, CONDITION, PENDING_MESSAGE } from "@/lib/domain/ack";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { GetFunctionOutcome, LambdaReadApi } from "../aws/lambda-api";
import { AwsStateReader } from "../aws/reader";
import type { FleetEvent } from "./events";
import { Fleet } from "./fleet";
import { offlineContext } from "@/test/offline-context";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MIN = 60_000;
const ACCOUNT = "111122223333";

/** A fleet of one cluster "c1", never started: the test calls its cluster listener methods. */
function fleetAt(clock: { t: number }, answer: GetFunctionOutcome = { kind: "not-found" }, defaultRegion: string | null = null) {
  const api: LambdaReadApi = { getFunction: async () => answer };
  const aws = new AwsStateReader(api, { requestsPerSecond: 100, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9, now: () => clock.t });
  const fleet = new Fleet([offlineContext("c1")], aws, { settings: DEFAULT_DIAGNOSE_SETTINGS, defaultRegion, now: () => clock.t });
  const events: FleetEvent[] = [];
  fleet.subscribe((e) => events.push(e));
  return { fleet, events, aws };
}

function fn(name: string, status: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: "lambda.services.k8s.aws/v1alpha1",
    kind: "Function",
    metadata: { name, namespace: "team-a", uid: `uid-${name}`, resourceVersion: "1", generation: 1, creationTimestamp: new Date(T0 - 60 * MIN).toISOString(), ...metadata },
    spec: { name },
    status,
  };
}

const pending = (since: number) => ({
  state: "Pending",
  conditions: [{ type: CONDITION.synced, status: "False", reason: PENDING_MESSAGE, lastTransitionTime: new Date(since).toISOString() }],
});
const summaries = (events: FleetEvent[]) => events.filter((e) => e.type === "summary");
const rowsOf = (events: FleetEvent[]) => events.filter((e): e is Extract<FleetEvent, { type: "row" }> => e.type === "row");

describe("Fleet events", () => {
  it("carry the facts and AWS state of each change, tell a malformed object from a deleted one, and what a relist found", () => {
    const clock = { t: T0 };
    const { fleet, events } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a"), { ...fn("bad"), metadata: { name: "bad", namespace: "team-a", annotations: 5 }, kind: "Other" }]);
    const [a, bad] = rowsOf(events);
    expect(a).toMatchObject({ id: "c1/team-a/a", facts: { uid: "uid-a" }, aws: null, rejected: false, row: { id: "c1/team-a/a" } });
    expect(bad).toMatchObject({ id: "c1/team-a/bad", row: null, facts: null, rejected: true });
    expect(events.find((e) => e.type === "listed")).toEqual({ type: "listed", cluster: "c1", ids: ["c1/team-a/a", "c1/team-a/bad"], uids: ["uid-a"], rejectedIds: ["c1/team-a/bad"] });

    fleet.functionChanged("c1", "team-a/a", null);
    expect(rowsOf(events).at(-1)).toMatchObject({ id: "c1/team-a/a", row: null, facts: null, rejected: false });
  });

  it("replays the fleet as it is to a listener that asks, then goes on live", () => {
    const clock = { t: T0 };
    const { fleet } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a"), fn("b")]);
    const late: FleetEvent[] = [];
    fleet.subscribe((e) => late.push(e), { replay: true });
    expect(late.map((e) => (e.type === "row" ? `row ${e.id}` : e.type === "listed" ? `listed ${e.uids.join(",")}` : e.type))).toEqual([
      "row c1/team-a/a",
      "row c1/team-a/b",
      "listed uid-a,uid-b",
    ]);
    fleet.functionChanged("c1", "team-a/c", fn("c"));
    expect(rowsOf(late).at(-1)?.id).toBe("c1/team-a/c");
  });
});

describe("the list's rows (the index)", () => {
  it("follow every change, removal and connection change, with a new version each time", () => {
    const clock = { t: T0 };
    const { fleet } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a"), fn("b", pending(T0 - MIN))]);
    const conn = fleet.clusters.get("c1")!;
    const names = () => fleet.index.rows().map((r) => `${r.name}:${r.name === "b" ? r.verdict.health : "-"}:${r.stale ? "stale" : "live"}`).sort();
    expect(names()).toEqual(["a:-:stale", "b:progressing:stale"]); // never connected: stale
    const page = fleet.index.query({ sort: "name", order: "desc", limit: 1 });
    expect(page.ok && page.items.map((r) => r.name)).toEqual(["b"]);

    let v = fleet.index.version;
    conn.state = { connected: true, lastSyncAt: T0, error: null };
    fleet.clusterChanged("c1", "connection");
    expect(fleet.index.version).toBeGreaterThan(v);
    expect(names()).toEqual(["a:-:live", "b:progressing:live"]);

    v = fleet.index.version;
    fleet.functionChanged("c1", "team-a/a", null);
    expect(fleet.index.version).toBeGreaterThan(v);
    expect(names()).toEqual(["b:progressing:live"]);
    // The rows are those of the row events: one object, not a copy.
    const events: FleetEvent[] = [];
    fleet.subscribe((e) => events.push(e));
    fleet.functionChanged("c1", "team-a/c", fn("c"));
    expect(fleet.index.get("c1/team-a/c")).toBe(rowsOf(events)[0].row);

    // The clock alone: the sweep brings the new verdict into the list.
    clock.t += 15 * MIN;
    fleet.sweepVerdicts();
    expect(names()).toEqual(["b:stuck:live", "c:-:live"]);
    // A sweep that finds the same verdict (its reasons in sentences, the row's by code) changes no row.
    expect(fleet.verdict("c1/team-a/b")?.reasons.every((r) => r.text)).toBe(true);
    v = fleet.index.version;
    clock.t += 20_000;
    fleet.sweepVerdicts();
    expect(fleet.index.version).toBe(v);
  });
});

describe("cluster summaries", () => {
  it("change, with a summary event, exactly when a row's health moves (not on every row change)", () => {
    const clock = { t: T0 };
    const { fleet, events } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a", pending(T0 - MIN))]);
    expect(summaries(events)).toEqual([{ type: "summary", cluster: "c1" }]);
    expect(fleet.clusterSummaries()[0].healthCounts).toEqual({ progressing: 1 });

    events.length = 0;
    fleet.functionChanged("c1", "team-a/a", fn("a", pending(T0 - MIN), { resourceVersion: "2" }));
    expect(rowsOf(events)).toHaveLength(1);
    expect(summaries(events)).toEqual([]);

    // Pending for longer than the timeout: stuck. The clock alone moves it; the sweep tells.
    clock.t += 15 * MIN;
    fleet.sweepVerdicts();
    expect(rowsOf(events).at(-1)?.row?.verdict.health).toBe("stuck");
    expect(summaries(events)).toEqual([{ type: "summary", cluster: "c1" }]);
    expect(fleet.clusterSummaries()[0].healthCounts).toEqual({ stuck: 1 });
  });
});

describe("namespace changes", () => {
  it("are applied to that namespace's Functions at once: default region, owner account, deletion policy", () => {
    const clock = { t: T0 };
    const { fleet, events, aws } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a"), { ...fn("other"), metadata: { ...fn("other").metadata, namespace: "team-b" } }]);
    expect(fleet.facts("c1/team-a/a")).toMatchObject({ region: null, accountId: null, deletionPolicy: null });
    events.length = 0;

    fleet.clusters.get("c1")!.namespaces.set("team-a", {
      [ANNOTATION.namespaceDefaultRegion]: "eu-west-1",
      [ANNOTATION.ownerAccountId]: ACCOUNT,
      [ANNOTATION.namespaceDeletionPolicy]: "retain",
    });
    fleet.namespacesChanged("c1", "team-a");
    expect(fleet.facts("c1/team-a/a")).toMatchObject({ region: "eu-west-1", regionSource: "namespace", accountId: ACCOUNT, deletionPolicy: "retain", deletionPolicySource: "namespace" });
    expect(rowsOf(events).map((e) => [e.id, e.row?.region, e.facts?.deletionPolicy])).toEqual([["c1/team-a/a", "eu-west-1", "retain"]]);
    // Region and account known: the AWS reader now reads it.
    expect(aws.accountStatuses()).toEqual([]);
    aws.tick();
    expect(aws.accountStatuses().map((a) => `${a.accountId}/${a.region}`)).toEqual([`${ACCOUNT}/eu-west-1`]);

    // A change of the deletion policy alone is applied too; an unrelated annotation is not news.
    events.length = 0;
    fleet.clusters.get("c1")!.namespaces.set("team-a", { [ANNOTATION.namespaceDefaultRegion]: "eu-west-1", [ANNOTATION.ownerAccountId]: ACCOUNT, [ANNOTATION.namespaceDeletionPolicy]: "delete" });
    fleet.namespacesChanged("c1", "team-a");
    expect(fleet.facts("c1/team-a/a")?.deletionPolicy).toBe("delete");
    fleet.clusters.get("c1")!.namespaces.set("team-a", { ...fleet.clusters.get("c1")!.namespaces.get("team-a"), "example.com/owner": "team" });
    fleet.namespacesChanged("c1", "team-a");
    expect(rowsOf(events)).toHaveLength(1);
  });
});

describe("a list in pages", () => {
  it("makes rows of each page as it comes, and forgets what a relist did not name only at its end", () => {
    const { fleet, events } = fleetAt({ t: T0 });
    fleet.functionsPage("c1", [fn("a")], true);
    expect(fleet.row("c1/team-a/a")?.verdict.health).toBeTruthy();
    fleet.functionsPage("c1", [fn("b")], false);
    fleet.functionsListed("c1");
    expect(fleet.rows().map((r) => r.id).sort()).toEqual(["c1/team-a/a", "c1/team-a/b"]);

    events.length = 0;
    fleet.functionsPage("c1", [fn("a")], true);
    expect(fleet.row("c1/team-a/b")).not.toBeNull();
    // An expired continue token starts the list over: only the new list's pages count.
    fleet.functionsPage("c1", [fn("c")], true);
    fleet.functionsListed("c1");
    expect(fleet.rows().map((r) => r.id)).toEqual(["c1/team-a/c"]);
    expect(events.filter((e) => e.type === "listed")).toEqual([{ type: "listed", cluster: "c1", ids: ["c1/team-a/c"], uids: [fleet.facts("c1/team-a/c")!.uid], rejectedIds: [] }]);
  });

  it("the end of a list that named every Function known of its cluster does not look through the fleet for what went", () => {
    const { fleet } = fleetAt({ t: T0 });
    const bad = { ...fn("bad"), kind: "Other" };
    const internals = fleet as unknown as { entries: Map<string, unknown>; rejected: Map<string, unknown> };
    let looked = 0;
    for (const map of [internals.entries, internals.rejected]) {
      const keys = map.keys.bind(map);
      map.keys = () => {
        looked++;
        return keys();
      };
    }
    // A cold start's first list, in pages, a malformed object among them.
    fleet.functionsPage("c1", [fn("a"), bad], true);
    fleet.functionsPage("c1", [fn("b")], false);
    fleet.functionsListed("c1");
    expect(looked).toBe(0);
    expect(fleet.rows().map((r) => r.id).sort()).toEqual(["c1/team-a/a", "c1/team-a/b"]);
    const rejectedIds = () => Array.from(fleet.rejected, ([id]) => id); // not keys(): counted above
    expect(rejectedIds()).toEqual(["c1/team-a/bad"]);
    // A relist naming them all again, one deleted meanwhile by a watch event: nothing to look for.
    fleet.functionChanged("c1", "team-a/b", null);
    fleet.functionsReplaced("c1", [fn("a"), bad]);
    expect(looked).toBe(0);
    // One that names fewer: what it did not name goes, the malformed one too.
    fleet.functionsReplaced("c1", [fn("a")]);
    expect(looked).toBeGreaterThan(0);
    expect(fleet.rows().map((r) => r.id)).toEqual(["c1/team-a/a"]);
    expect(rejectedIds()).toEqual([]);
    // And then again as many as known.
    looked = 0;
    fleet.functionsReplaced("c1", [fn("a")]);
    expect(looked).toBe(0);
  });
});

describe("namespace changes without the raw object", () => {
  it("derive the same facts as reading the whole object again would, problems included", () => {
    const { fleet } = fleetAt({ t: T0 });
    const own = { ...fn("a"), metadata: { ...fn("a").metadata, annotations: { [ANNOTATION.region]: "not a region" } } };
    fleet.functionsReplaced("c1", [own]);
    const namespaces = fleet.clusters.get("c1")!.namespaces;
    const expectLikeAFullRead = () => {
      const full = fleet.readFunction("c1", own);
      if (!full.ok) throw new Error(full.error);
      const { problems, conditionsFirstSeen: _seen, ...rest } = fleet.facts("c1/team-a/a")!;
      const { problems: fullProblems, ...fullRest } = full.facts;
      expect(rest).toEqual(fullRest);
      expect([...problems].sort()).toEqual([...fullProblems].sort());
    };
    for (const annotations of <Array<Record<string, string>>>[
      { [ANNOTATION.namespaceDefaultRegion]: "nowhere-1", [ANNOTATION.namespaceDeletionPolicy]: "keep" },
      { [ANNOTATION.namespaceDefaultRegion]: "eu-west-1", [ANNOTATION.ownerAccountId]: ACCOUNT, [ANNOTATION.namespaceDeletionPolicy]: "delete" },
      {},
    ]) {
      namespaces.set("team-a", annotations);
      fleet.namespacesChanged("c1", null);
      expectLikeAFullRead();
    }
    expect(fleet.facts("c1/team-a/a")?.problems.some((p) => p.includes(ANNOTATION.region))).toBe(true);
  });
});

describe("the region of last resort (AWS_REGION)", () => {
  it("gives a Function nothing else gives a region one, and so an AWS read", () => {
    const { fleet, aws } = fleetAt({ t: T0 }, { kind: "not-found" }, "eu-north-1");
    fleet.clusters.get("c1")!.namespaces.set("team-a", { [ANNOTATION.ownerAccountId]: ACCOUNT });
    fleet.functionsReplaced("c1", [fn("a")]);
    expect(fleet.facts("c1/team-a/a")).toMatchObject({ region: "eu-north-1", regionSource: "default", accountId: ACCOUNT });
    aws.tick();
    expect(aws.accountStatuses().map((a) => `${a.accountId}/${a.region}`)).toEqual([`${ACCOUNT}/eu-north-1`]);
  });
});

describe("since when a condition holds", () => {
  it("is followed by the fleet: a re-stamped lastTransitionTime keeps the start", () => {
    const clock = { t: T0 };
    const { fleet } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a", pending(T0 - 5 * MIN))]);
    expect(fleet.facts("c1/team-a/a")?.conditionsFirstSeen).toEqual({ [CONDITION.synced]: new Date(T0 - 5 * MIN).toISOString() });
    clock.t += 10 * MIN;
    fleet.functionChanged("c1", "team-a/a", fn("a", pending(clock.t - 1000), { resourceVersion: "2" }));
    expect(fleet.facts("c1/team-a/a")?.conditionsFirstSeen).toEqual({ [CONDITION.synced]: new Date(T0 - 5 * MIN).toISOString() });
    // So the verdict knows it has been Pending for 15 minutes, past the 10-minute timeout.
    expect(fleet.row("c1/team-a/a")?.verdict).toMatchObject({ health: "stuck", since: new Date(T0 - 5 * MIN).toISOString() });
  });

  it("starts from what the timeline recorded, for the same object only (seeded at start)", () => {
    const clock = { t: T0 };
    const { fleet } = fleetAt(clock);
    const recordedSince = T0 - 50 * MIN;
    fleet.seedConditions([
      { cluster: "c1", uid: "uid-a", created: fn("a").metadata.creationTimestamp, conditions: { [CONDITION.synced]: { status: "False", since: recordedSince } } },
      { cluster: "c1", uid: "uid-b", created: "2020-01-01T00:00:00Z", conditions: { [CONDITION.synced]: { status: "False", since: recordedSince } } },
    ]);
    // Restarted: the objects carry a lastTransitionTime re-stamped a second ago.
    fleet.functionsReplaced("c1", [fn("a", pending(T0 - 1000)), fn("b", pending(T0 - 1000))]);
    expect(fleet.facts("c1/team-a/a")?.conditionsFirstSeen?.[CONDITION.synced]).toBe(new Date(recordedSince).toISOString());
    // uid-b was recorded for another creation: another object, the seed does not apply.
    expect(fleet.facts("c1/team-a/b")?.conditionsFirstSeen?.[CONDITION.synced]).toBe(new Date(T0 - 1000).toISOString());
    expect(fleet.row("c1/team-a/a")?.verdict.health).toBe("stuck");
    expect(fleet.row("c1/team-a/b")?.verdict.health).toBe("progressing");
  });
});

describe("a cluster that connects once its first list is complete", () => {
  it("copies its rows with the new stale flag only: no verdict made again, nothing done when only the error changes", () => {
    const clock = { t: T0 };
    const { fleet } = fleetAt(clock);
    fleet.functionsReplaced("c1", [fn("a"), fn("b", pending(T0 - 5 * MIN))]);
    const before = fleet.rows().map((r) => [r.id, r] as const);
    expect(before.every(([, r]) => r.stale)).toBe(true);
    // A list of 50,000 on a busy machine: the first page's verdicts are older than their cache time.
    clock.t += 60_000;
    const conn = fleet.clusters.get("c1")!;
    conn.state = { connected: true, lastSyncAt: clock.t, error: null };
    fleet.clusterChanged("c1", "connection");
    for (const [id, r] of before) {
      const now = fleet.index.get(id)!;
      expect(now.stale).toBe(false);
      expect(now.verdict).toBe(r.verdict);
      expect({ ...now, stale: true }).toEqual(r);
    }
    const version = fleet.index.version;
    const rows = before.map(([id]) => fleet.index.get(id));
    conn.state = { ...conn.state, error: "probe: slow" };
    fleet.clusterChanged("c1", "connection");
    expect(before.map(([id]) => fleet.index.get(id))).toEqual(rows);
    expect(before.every(([id], i) => fleet.index.get(id) === rows[i])).toBe(true);
    // The summary's version only (the error is in the cluster summary).
    expect(fleet.index.version).toBe(version + 1);
  });
});
