import { describe, expect, it } from "vitest";
import type { AccessDecision } from "../kube/writes";
import type { Identity } from "./identity";
import { accountsOf, FunctionVisibility, type ListReview } from "./visibility";

const CAROL: Identity = { user: "carol", groups: ["team-a-devs"], email: null, mode: "proxy" };

/** A cluster whose policy lets carol list Functions in team-a only; counts the reviews asked. */
function policy(over: Partial<Record<string, AccessDecision>> = {}) {
  const asked: string[] = [];
  const review: ListReview = async (cluster, who, namespace) => {
    asked.push(`${cluster}:${namespace || "*"}`);
    const key = `${cluster}:${namespace || "*"}`;
    if (over[key]) return over[key];
    return { ok: true, allowed: who.user === "carol" && namespace === "team-a", reason: "" };
  };
  return { review, asked };
}

describe("FunctionVisibility", () => {
  it("asks cluster-wide first, then per namespace, and filters items by the answers", async () => {
    const p = policy();
    const v = new FunctionVisibility(p.review);
    const items = [
      { cluster: "prod", namespace: "team-a", name: "orders" },
      { cluster: "prod", namespace: "team-b", name: "billing" },
      { cluster: "prod", namespace: "team-a", name: "carts" },
    ];
    expect((await v.filter(CAROL, items, (i) => i)).map((i) => i.name)).toEqual(["orders", "carts"]);
    expect(p.asked.sort()).toEqual(["prod:*", "prod:team-a", "prod:team-b"]);
  });

  it("shows everything to the local operator (no reader) without asking", async () => {
    const p = policy();
    const v = new FunctionVisibility(p.review);
    expect(await v.sees(null, { cluster: "prod", namespace: "team-b" })).toBe(true);
    expect(p.asked).toEqual([]);
  });

  it("does not ask per namespace when the cluster-wide review allows", async () => {
    const p = policy({ "prod:*": { ok: true, allowed: true, reason: "" } });
    const v = new FunctionVisibility(p.review);
    expect(await v.sees(CAROL, { cluster: "prod", namespace: "team-b" })).toBe(true);
    expect(await v.seesEverything(CAROL, ["prod"])).toBe(true);
    expect(p.asked).toEqual(["prod:*"]);
  });

  it("keeps an answer for its lifetime, per user and groups, and shares a review asked twice at once", async () => {
    let t = 0;
    const p = policy();
    const v = new FunctionVisibility(p.review, { ttlMs: 1_000, now: () => t });
    const place = { cluster: "prod", namespace: "team-a" };
    await Promise.all([v.sees(CAROL, place), v.sees(CAROL, place)]);
    expect(p.asked).toEqual(["prod:*", "prod:team-a"]);
    t = 999;
    await v.sees(CAROL, place);
    expect(p.asked).toHaveLength(2);
    await v.sees({ ...CAROL, groups: ["other"] }, place);
    expect(p.asked).toHaveLength(4);
    t = 1_000;
    await v.sees(CAROL, place);
    expect(p.asked).toHaveLength(6);
  });

  it("hides a namespace whose review failed, and asks again next time", async () => {
    const p = policy({ "prod:*": { ok: false, message: "connection refused" } });
    const v = new FunctionVisibility(p.review);
    expect(await v.sees(CAROL, { cluster: "prod", namespace: "team-a" })).toBe(true);
    expect(await v.sees(CAROL, { cluster: "prod", namespace: "team-b" })).toBe(false);
    expect(await v.seesEverything(CAROL, ["prod"])).toBe(false);
    expect(p.asked.filter((a) => a === "prod:*")).toHaveLength(3);
    const throwing = new FunctionVisibility(async () => {
      throw new Error("socket hang up");
    });
    expect(await throwing.sees(CAROL, { cluster: "prod", namespace: "team-a" })).toBe(false);
  });
});

describe("accountsOf", () => {
  it("keeps only the accounts and regions of the rows given", () => {
    const accounts = [
      { accountId: "111111111111", region: "eu-west-1" },
      { accountId: "111111111111", region: "us-east-1" },
      { accountId: "222222222222", region: "eu-west-1" },
    ];
    expect(accountsOf(accounts, [{ accountId: "111111111111", region: "eu-west-1" }, { accountId: null, region: null }])).toEqual([accounts[0]]);
  });
});
