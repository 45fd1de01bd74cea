/**
 * Bad input gets the status code kube-apiserver gives, as a Kubernetes Status, and never takes
 * the server down. Also discovery negotiation (aggregated vs legacy, 406).
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "./server";
import { TOKENS, call, functionManifest, testSimOptions } from "./testkit";

const sim = new KubeApiSim(testSimOptions({ name: "bad-input" }));
const FNS = "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-a/functions";
const admin = { token: TOKENS.admin };

beforeAll(async () => {
  await sim.start();
  sim.store.put(functionManifest("alpha", "team-a"));
});
afterAll(() => sim.stop());

function expectStatus(r: Awaited<ReturnType<typeof call>>, code: number, reason: string) {
  expect(r.status).toBe(code);
  expect(r.json).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason });
}

describe("bad input", () => {
  it("400 for malformed JSON, a non-array JSON patch, a kind mismatch", async () => {
    expectStatus(await call(sim, "POST", FNS, { ...admin, contentType: "application/json", body: '{"apiVersion": ' }), 400, "BadRequest");
    expectStatus(await call(sim, "PATCH", `${FNS}/alpha`, { ...admin, contentType: "application/json-patch+json", body: '{"op":"remove"}' }), 400, "BadRequest");
    expectStatus(await call(sim, "PATCH", `${FNS}/alpha`, { ...admin, contentType: "application/merge-patch+json", body: "{nope" }), 400, "BadRequest");
    const wrongKind = { ...functionManifest("x", "team-a"), kind: "Alias" };
    expectStatus(await call(sim, "POST", FNS, { ...admin, contentType: "application/json", body: JSON.stringify(wrongKind) }), 400, "BadRequest");
  });

  it("415 for a patch with a wrong content type, and for strategic merge on a custom resource", async () => {
    expectStatus(await call(sim, "PATCH", `${FNS}/alpha`, { ...admin, contentType: "text/plain", body: "{}" }), 415, "UnsupportedMediaType");
    expectStatus(await call(sim, "PATCH", `${FNS}/alpha`, { ...admin, contentType: "application/strategic-merge-patch+json", body: "{}" }), 415, "UnsupportedMediaType");
    expectStatus(await call(sim, "POST", FNS, { ...admin, contentType: "application/vnd.kubernetes.protobuf", body: "x" }), 415, "UnsupportedMediaType");
  });

  it("404 for unknown resources, groups and objects", async () => {
    expectStatus(await call(sim, "GET", "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-a/widgets", admin), 404, "NotFound");
    expectStatus(await call(sim, "GET", "/apis/example.com/v1/things", admin), 404, "NotFound");
    const missing = await call(sim, "GET", `${FNS}/nope`, admin);
    expectStatus(missing, 404, "NotFound");
    expect(missing.json?.message).toBe('functions.lambda.services.k8s.aws "nope" not found');
    expectStatus(await call(sim, "POST", "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/no-such-ns/functions", { ...admin, contentType: "application/json", body: JSON.stringify(functionManifest("x", "no-such-ns")) }), 404, "NotFound");
  });

  it("422 for names that are not DNS-1123", async () => {
    const r = await call(sim, "POST", FNS, { ...admin, contentType: "application/json", body: JSON.stringify(functionManifest("Bad_Name", "team-a")) });
    expectStatus(r, 422, "Invalid");
    expect(r.json?.message).toContain("a lowercase RFC 1123 subdomain");
    expect(r.json?.details).toMatchObject({ kind: "Function", group: "lambda.services.k8s.aws", causes: [{ field: "metadata.name", reason: "FieldValueInvalid" }] });
    const ns = await call(sim, "POST", "/api/v1/namespaces", { ...admin, contentType: "application/json", body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "has.dot" } }) });
    expectStatus(ns, 422, "Invalid");
    expect(ns.json?.message).toContain("RFC 1123 label");
  });

  it("401 without or with an unknown token; health and version stay public", async () => {
    expectStatus(await call(sim, "GET", FNS), 401, "Unauthorized");
    const bad = await call(sim, "GET", FNS, { token: "not-a-token" });
    expectStatus(bad, 401, "Unauthorized");
    expect(bad.text).not.toContain("not-a-token");
    expect((await call(sim, "GET", "/healthz")).text).toBe("ok");
    expect((await call(sim, "GET", "/version")).json?.gitVersion).toBe("v1.32.0");
  });

  it("403 for a forbidden verb, with the apiserver's wording", async () => {
    const r = await call(sim, "GET", FNS, { token: TOKENS.bob });
    expectStatus(r, 403, "Forbidden");
    expect(r.json?.message).toBe('functions.lambda.services.k8s.aws is forbidden: User "bob" cannot list resource "functions" in API group "lambda.services.k8s.aws" in the namespace "team-a"');
    const patch = await call(sim, "PATCH", "/apis/lambda.services.k8s.aws/v1alpha1/namespaces/team-b/functions/x", { token: TOKENS.alice, contentType: "application/merge-patch+json", body: "{}" });
    expectStatus(patch, 403, "Forbidden");
  });

  it("400 for bad selectors and continue tokens, 405 / 406 / 413 / 422 where due", async () => {
    expectStatus(await call(sim, "GET", `${FNS}?labelSelector=${encodeURIComponent("a in (")}`, admin), 400, "BadRequest");
    expectStatus(await call(sim, "GET", `${FNS}?fieldSelector=spec.name%3Dx`, admin), 400, "BadRequest");
    expectStatus(await call(sim, "GET", `${FNS}?limit=1&continue=garbage`, admin), 400, "BadRequest");
    expectStatus(await call(sim, "POST", `${FNS}/alpha`, { ...admin, contentType: "application/json", body: "{}" }), 405, "MethodNotAllowed");
    expectStatus(await call(sim, "GET", FNS, { ...admin, accept: "application/vnd.kubernetes.protobuf" }), 406, "NotAcceptable");
    const huge = JSON.stringify({ ...functionManifest("huge", "team-a"), metadata: { name: "huge", annotations: { a: "x".repeat(3 * 1024 * 1024) } } });
    expectStatus(await call(sim, "POST", FNS, { ...admin, contentType: "application/json", body: huge }), 413, "RequestEntityTooLarge");
    // Bad request options are 422 on the options kind, as on kube-apiserver v1.37 (conformance/kube/writes.ts).
    const dry = await call(sim, "POST", `${FNS}?dryRun=Some`, { ...admin, contentType: "application/json", body: JSON.stringify(functionManifest("d", "team-a")) });
    expectStatus(dry, 422, "Invalid");
    expect(dry.json?.message).toBe('CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Some"]: supported values: "All"');
  });

  it("500 (as kube-apiserver) for Impersonate-Group without Impersonate-User", async () => {
    const r = await call(sim, "GET", FNS, { ...admin, headers: { "Impersonate-Group": "system:masters" } });
    expectStatus(r, 500, "InternalError");
  });

  it("survives a garbage request line and keeps serving", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect(sim.port, "127.0.0.1", () => s.write("NOT HTTP AT ALL\r\n\r\n"));
      let data = "";
      s.on("data", (d) => (data += d.toString()));
      s.on("end", () => resolve(data));
      s.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await call(sim, "GET", `${FNS}/alpha`, admin)).status).toBe(200);
  });
});

describe("discovery negotiation", () => {
  const aggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

  it("serves aggregated discovery with its content type when asked, legacy JSON otherwise", async () => {
    const agg = await call(sim, "GET", "/apis", { ...admin, accept: aggregatedAccept });
    expect(agg.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    const groups = (agg.json?.items as Array<{ metadata: { name: string }; versions: Array<{ resources: Array<{ resource: string; scope: string }> }> }>) ?? [];
    const lambda = groups.find((g) => g.metadata.name === "lambda.services.k8s.aws");
    expect(lambda?.versions[0].resources.map((r) => r.resource)).toContain("functions");
    const legacy = await call(sim, "GET", "/apis", { ...admin, accept: "application/json" });
    expect(legacy.headers.get("content-type")).toBe("application/json");
    expect(legacy.json?.kind).toBe("APIGroupList");
    const resources = await call(sim, "GET", "/apis/lambda.services.k8s.aws/v1alpha1", admin);
    expect((resources.json?.resources as Array<{ name: string }>).map((r) => r.name)).toEqual(expect.arrayContaining(["functions", "functions/status", "aliases"]));
    expectStatus(await call(sim, "GET", "/apis", { ...admin, accept: "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList" }), 406, "NotAcceptable");
  });

  it("serves a Table with Name and Age for a CRD without printer columns", async () => {
    const t = await call(sim, "GET", FNS, { ...admin, accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" });
    expect(t.json?.kind).toBe("Table");
    expect((t.json?.columnDefinitions as Array<{ name: string }>).map((c) => c.name)).toEqual(["Name", "Age"]);
    const rows = t.json?.rows as Array<{ cells: unknown[]; object: { kind: string; metadata: { name: string } } }>;
    expect(rows[0].cells[0]).toBe("alpha");
    expect(rows[0].cells[1]).toMatch(/^\d+s$/);
    expect(rows[0].object).toMatchObject({ kind: "PartialObjectMetadata", metadata: { name: "alpha" } });
  });
});

describe("impersonation headers", () => {
  const ssar = JSON.stringify({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { group: "lambda.services.k8s.aws", resource: "functions", verb: "patch", namespace: "team-a" } } });
  const review = (token: string, headers: Record<string, string>) =>
    call(sim, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { token, contentType: "application/json", body: ssar, headers });

  it("acts as the impersonated user and groups for requests and self reviews", async () => {
    const asAlice = await review(TOKENS.dashboard, { "Impersonate-User": "alice" });
    expect(asAlice.status).toBe(201);
    expect(asAlice.json?.status).toMatchObject({ allowed: true });
    const asNobody = await review(TOKENS.dashboard, { "Impersonate-User": "nobody" });
    expect(asNobody.json?.status).toMatchObject({ allowed: false });
    const asMaster = await call(sim, "GET", "/apis/lambda.services.k8s.aws/v1alpha1/functions", { token: TOKENS.dashboard, headers: { "Impersonate-User": "carol", "Impersonate-Group": "system:masters" } });
    expect(asMaster.status).toBe(200);
    const whoami = await call(sim, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { token: TOKENS.dashboard, contentType: "application/json", body: "{}", headers: { "Impersonate-User": "carol", "Impersonate-Group": "g1" } });
    expect(whoami.json?.status).toEqual({ userInfo: { username: "carol", groups: ["g1", "system:authenticated"] } });
  });

  it("refuses impersonation to identities without the impersonate verb", async () => {
    const r = await review(TOKENS.bob, { "Impersonate-User": "alice" });
    expectStatus(r, 403, "Forbidden");
    expect(r.json?.message).toBe('users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
    const g = await call(sim, "GET", FNS, { token: TOKENS.alice, headers: { "Impersonate-User": "alice", "Impersonate-Group": "system:masters" } });
    expectStatus(g, 403, "Forbidden");
  });
});
