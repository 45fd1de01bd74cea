/**
 * The permission self-check a cluster connection runs at start, while its first list pages are
 * coming in: its reviews one after another on one kept-alive connection (asked all at once, each
 * opened a TLS connection of its own: 8 handshakes per cluster, on both sides).
 */
import dc from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingPermissions, permissionText, permissionsToCheck, type PermissionSettings } from "@/lib/domain/cluster-permissions";
import { KubeApiSim } from "@/sim/kube/server";
import { TOKENS, kubeConfigFor, testSimOptions } from "@/sim/kube/testkit";
import { checkPermissions } from "./permission-check";
import { selfAccessReviewOf } from "./writes";

const SETTINGS: PermissionSettings = { authMode: "local", controllerNamespaces: [] };
const REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

let kube: KubeApiSim;

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "plain" }));
  await kube.start();
});

afterAll(async () => {
  await kube.stop();
});

/** The access reviews asked while `fn` runs: how many at most at once, and on how many sockets. */
async function reviewsDuring(fn: () => Promise<unknown>): Promise<{ asked: number; maxInFlight: number; sockets: number }> {
  let inFlight = 0;
  const seen = { asked: 0, maxInFlight: 0, sockets: new Set<unknown>() };
  const onStart = ({ request }: { request: ClientRequest }) => {
    if (request.path !== REVIEWS) return;
    seen.asked++;
    seen.maxInFlight = Math.max(seen.maxInFlight, ++inFlight);
    if (request.socket) seen.sockets.add(request.socket);
    else request.once("socket", (s) => seen.sockets.add(s));
    request.on("close", () => inFlight--);
  };
  dc.subscribe("http.client.request.start", onStart as (m: unknown) => void);
  try {
    await fn();
  } finally {
    dc.unsubscribe("http.client.request.start", onStart as (m: unknown) => void);
  }
  return { asked: seen.asked, maxInFlight: seen.maxInFlight, sockets: seen.sockets.size };
}

describe("the permission self-check", () => {
  it("asks its reviews one after another, on one connection, with the same answer", async () => {
    const kc = kubeConfigFor(kube, TOKENS.dashboard);
    let result: Awaited<ReturnType<typeof checkPermissions>> | undefined;
    const seen = await reviewsDuring(async () => {
      result = await checkPermissions(kc, SETTINGS, 1);
    });
    expect(permissionsToCheck(SETTINGS).length).toBeGreaterThan(1);
    expect(seen.asked).toBe(permissionsToCheck(SETTINGS).length);
    expect(seen.maxInFlight).toBe(1);
    expect(seen.sockets).toBe(1);
    // The answer the reviews give when asked all at once.
    const asked = permissionsToCheck(SETTINGS);
    const answers = await Promise.all(asked.map((p) => selfAccessReviewOf(kc, p)));
    const allowed = new Map(asked.map((p, i) => [permissionText(p), answers[i].ok && answers[i].allowed]));
    expect(result).toEqual({ ok: true, status: { checkedAt: 1, missing: missingPermissions(SETTINGS, allowed) } });
  });

  it("an unreachable cluster still fails the check (at the first review)", async () => {
    const gone = new KubeApiSim(testSimOptions({ name: "gone" }));
    await gone.start();
    const kc = kubeConfigFor(gone, TOKENS.dashboard);
    await gone.stop();
    const seen = await reviewsDuring(async () => {
      const r = await checkPermissions(kc, SETTINGS, 1);
      expect(r.ok).toBe(false);
    });
    expect(seen.asked).toBe(1);
  });
});
