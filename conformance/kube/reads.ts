/**
 * The other reads the dashboard makes (lib/server/kube/cluster.ts, events.ts,
 * controller-info.ts), as the dashboard's identity: /version, the Events about one Function by
 * field selector, Deployments cluster-wide to find the ACK controller, namespaces with their
 * annotations; and the field selectors a custom resource supports.
 */
import { beforeAll, expect, it } from "vitest";
import { CONTROLLER_CHART_LABEL, CONTROLLER_IMAGE_REPO, CONTROLLER_NAMESPACE, CONTROLLER_VERSION_LABEL, FUNCTION_KIND } from "@/lib/domain/ack";
import { controllerInfoFrom } from "@/lib/server/kube/controller-info";
import { fetchFunctionEvents } from "@/lib/server/kube/events";
import { readVersions } from "../../realstack/bins";
import { createFunction, createNamespace, expectStatus, functionsPath, send, type GetTarget, type StatusBody } from "./api";

const NS = "conf-reads";

function event(name: string, kind: string, object: string, reason: string, at: string) {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: NS },
    involvedObject: { apiVersion: kind === FUNCTION_KIND ? "lambda.services.k8s.aws/v1alpha1" : "v1", kind, name: object, namespace: NS },
    reason,
    message: `${reason} for ${object}`,
    type: "Warning",
    count: 2,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: "ack-lambda-controller" },
  };
}

export function readCases(target: GetTarget): void {
  beforeAll(async () => {
    const t = target();
    await createNamespace(t, NS);
    await createFunction(t, NS, "evented");
    for (const e of [
      event("evented.1", FUNCTION_KIND, "evented", "Stuck", "2026-01-01T10:00:00Z"),
      event("evented.0", FUNCTION_KIND, "evented", "Created", "2026-01-01T09:00:00Z"),
      event("other.1", FUNCTION_KIND, "other", "Stuck", "2026-01-01T10:00:00Z"),
      event("pod.1", "Pod", "evented", "BackOff", "2026-01-01T10:00:00Z"),
    ]) {
      expectStatus(await send(t, "admin", { method: "POST", path: `/api/v1/namespaces/${NS}/events`, body: e }), 201);
    }
  });

  it("serves /version with the server's gitVersion", async () => {
    const res = await send(target(), "dashboard", { path: "/version" });
    expectStatus(res, 200);
    expect((res.body as { gitVersion?: string }).gitVersion).toBe(readVersions().k8s);
  });

  it("selects the Events about one Function by involvedObject fields, oldest first", async () => {
    const events = await fetchFunctionEvents(target().kc("dashboard"), NS, "evented");
    expect(events.map((e) => e.reason)).toEqual(["Created", "Stuck"]);
    expect(events[1]).toMatchObject({ type: "Warning", count: 2, source: "ack-lambda-controller", lastTimestamp: "2026-01-01T10:00:00Z" });
  });

  it("lists Deployments cluster-wide so the controller is found by its chart label", async () => {
    const t = target();
    const ns = await send(t, "admin", { method: "POST", path: "/api/v1/namespaces", body: { apiVersion: "v1", kind: "Namespace", metadata: { name: CONTROLLER_NAMESPACE } } });
    expect([201, 409]).toContain(ns.status);
    const labels = { [CONTROLLER_CHART_LABEL.key]: CONTROLLER_CHART_LABEL.value, [CONTROLLER_VERSION_LABEL]: "1.14.1" };
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "ack-lambda-controller-lambda-chart", namespace: CONTROLLER_NAMESPACE, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { [CONTROLLER_CHART_LABEL.key]: CONTROLLER_CHART_LABEL.value } },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "controller", image: `${CONTROLLER_IMAGE_REPO}:1.14.1` }] },
        },
      },
    };
    expectStatus(await send(t, "admin", { method: "POST", path: `/apis/apps/v1/namespaces/${CONTROLLER_NAMESPACE}/deployments`, body: deployment }), 201);
    const res = await send(t, "dashboard", { path: "/apis/apps/v1/deployments" });
    expectStatus(res, 200);
    const info = controllerInfoFrom((res.body as { items: unknown[] }).items);
    // Nothing runs the Deployment here (no controller manager, no kubelet): no ready replica.
    expect(info).toEqual({ found: true, namespace: CONTROLLER_NAMESPACE, name: "ack-lambda-controller-lambda-chart", version: "1.14.1", image: `${CONTROLLER_IMAGE_REPO}:1.14.1`, replicas: 1, readyReplicas: 0 });
  });

  it("lists namespaces with their annotations to the dashboard", async () => {
    const t = target();
    const patched = await send(t, "admin", {
      method: "PATCH", path: `/api/v1/namespaces/${NS}`, contentType: "application/merge-patch+json",
      body: { metadata: { annotations: { "services.k8s.aws/default-region": "eu-west-1" } } },
    });
    expectStatus(patched, 200);
    const res = await send(t, "dashboard", { path: "/api/v1/namespaces" });
    expectStatus(res, 200);
    // A built-in kind's list leaves `continue` out when there is no next page.
    expect((res.body as { metadata: Record<string, unknown> }).metadata).not.toHaveProperty("continue");
    const mine = (res.body as { items: Array<{ metadata: { name: string; annotations?: Record<string, string> }; status?: { phase?: string } }> }).items.find((n) => n.metadata.name === NS);
    expect(mine?.metadata.annotations).toEqual({ "services.k8s.aws/default-region": "eu-west-1" });
    expect(mine?.status?.phase).toBe("Active");
  });

  it("supports metadata.name and metadata.namespace field selectors on Functions, 400 for others", async () => {
    const ok = await send(target(), "viewer", { path: functionsPath(NS), query: { fieldSelector: "metadata.name=evented" } });
    expectStatus(ok, 200);
    expect((ok.body as { items: unknown[] }).items).toHaveLength(1);
    const bad = await send(target(), "viewer", { path: functionsPath(NS), query: { fieldSelector: "spec.name=aws-evented" } });
    expectStatus(bad, 400);
    expect((bad.body as StatusBody).message).toBe('field label not supported: spec.name');
  });
}
