/**
 * Impersonation on a simulator that reports Kubernetes 1.36+: constrained impersonation
 * (KEP-5284) decides how refusals read; the legacy `impersonate` verb still grants it.
 * The same messages were seen on kube-apiserver v1.37.2 (conformance/kube/access.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "./server";
import { TOKENS, call, functionManifest, testSimOptions } from "./testkit";

const sim = new KubeApiSim(testSimOptions({ name: "constrained", kubernetesVersion: "v1.37.2" }));
const FNS = "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-a/functions";

beforeAll(async () => {
  await sim.start();
  sim.store.put(functionManifest("alpha", "team-a"));
});
afterAll(() => sim.stop());

describe("constrained impersonation (Kubernetes 1.36+)", () => {
  it("names the impersonate-on check on the requested object when refusing", async () => {
    const one = await call(sim, "PATCH", `${FNS}/alpha`, { token: TOKENS.bob, contentType: "application/merge-patch+json", body: "{}", headers: { "Impersonate-User": "alice" } });
    expect(one.status).toBe(403);
    expect(one.json?.message).toBe('functions.lambda.services.k8s.aws "alpha" is forbidden: User "bob" cannot impersonate-on:user-info:patch resource "functions" in API group "lambda.services.k8s.aws" in the namespace "team-a"');
    expect(one.json?.details).toEqual({ name: "alpha", group: "lambda.services.k8s.aws", kind: "functions" });
    const list = await call(sim, "GET", FNS, { token: TOKENS.bob, headers: { "Impersonate-User": "alice" } });
    expect(list.json?.message).toBe('functions.lambda.services.k8s.aws is forbidden: User "bob" cannot impersonate-on:user-info:list resource "functions" in API group "lambda.services.k8s.aws" in the namespace "team-a"');
  });

  it("uses the service-account mode for a service account name alone, and paths for non-resource requests", async () => {
    const r = await call(sim, "GET", "/apis", { token: TOKENS.bob, headers: { "Impersonate-User": "system:serviceaccount:ack-system:controller" } });
    expect(r.status).toBe(403);
    expect(r.json?.message).toBe('forbidden: User "bob" cannot impersonate-on:serviceaccount:get path "/apis"');
  });

  it("still lets the legacy impersonate verb through, system:masters included", async () => {
    const r = await call(sim, "GET", FNS, { token: TOKENS.dashboard, headers: { "Impersonate-User": "carol", "Impersonate-Group": "system:masters" } });
    expect(r.status).toBe(200);
  });

  it("answers 400 to impersonated groups without a user name", async () => {
    const r = await call(sim, "GET", FNS, { token: TOKENS.dashboard, headers: { "Impersonate-Group": "g1", "Impersonate-Uid": "u-1" } });
    expect(r.status).toBe(400);
    expect(r.json?.reason).toBe("BadRequest");
    expect(r.json?.message).toBe('requested &user.DefaultInfo{Name:"", UID:"u-1", Groups:[]string{"g1"}, Extra:map[string][]string(nil)} without impersonating a user name');
  });
});
