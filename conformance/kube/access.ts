/**
 * Authorisation as the dashboard relies on it: SubjectAccessReview answers from RBAC for the
 * three identities, who may post reviews, SelfSubjectReview, and impersonation: allowed for
 * the dashboard identity (RBAC verb impersonate on users/groups), refused with 403 for the
 * viewer (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation).
 */
import { beforeAll, expect, it } from "vitest";
import { ACK_GROUP, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { createFunction, createNamespace, expectStatus, functionPath, send, type GetTarget, type StatusBody } from "./api";
import type { Identity } from "../targets";

const NS = "conf-access";
const FN = "guarded";

interface ReviewBody {
  status?: { allowed?: boolean; denied?: boolean; reason?: string; userInfo?: { username?: string; groups?: string[] } };
}

export function accessCases(target: GetTarget): void {
  const impersonating = (who: Identity) => {
    const spec = target().identities[who];
    // One header line per group, as client-go sends them.
    return { "Impersonate-User": spec.user, "Impersonate-Group": spec.groups } as unknown as Record<string, string>;
  };
  const sar = (asker: Identity, subject: Identity, verb: string) =>
    send(target(), asker, {
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SubjectAccessReview",
        spec: {
          user: target().identities[subject].user,
          groups: target().identities[subject].groups,
          resourceAttributes: { group: ACK_GROUP, version: "v1alpha1", resource: FUNCTION_PLURAL, verb, namespace: NS, name: FN },
        },
      },
    });
  const annotate = (id: Identity, headers: Record<string, string> = {}) =>
    send(target(), id, {
      method: "PATCH", path: functionPath(NS, FN), contentType: "application/merge-patch+json", headers,
      body: { metadata: { annotations: { "conformance/by": id } } },
    });

  beforeAll(async () => {
    await createNamespace(target(), NS);
    await createFunction(target(), NS, FN);
  });

  it("answers SubjectAccessReviews for the operator, the viewer and the dashboard from RBAC", async () => {
    const expected: Record<Identity, Record<string, boolean>> = {
      operator: { get: true, list: true, patch: true, delete: true, create: false },
      viewer: { get: true, list: true, patch: false, delete: false, create: false },
      dashboard: { get: true, list: true, patch: false, delete: false, create: false },
      admin: { get: true, list: true, patch: true, delete: true, create: true },
    };
    for (const asker of ["dashboard", "operator"] as const) {
      for (const [subject, verbs] of Object.entries(expected) as Array<[Identity, Record<string, boolean>]>) {
        for (const [verb, allowed] of Object.entries(verbs)) {
          const res = await sar(asker, subject, verb);
          expectStatus(res, 201);
          expect((res.body as ReviewBody).status?.allowed ?? false, `${asker} asks: may ${subject} ${verb}?`).toBe(allowed);
        }
      }
    }
    const allowed = await sar("dashboard", "operator", "patch");
    expect((allowed.body as ReviewBody).status?.reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "ack-fleet-operator" of ClusterRole "ack-fleet-operator" to Group "ack-fleet:operators"',
    );
  });

  it("lets only identities with create on subjectaccessreviews post one (the viewer gets 403)", async () => {
    const res = await sar("viewer", "viewer", "get");
    expectStatus(res, 403);
    expect((res.body as StatusBody).reason).toBe("Forbidden");
  });

  it("answers SelfSubjectAccessReview and SelfSubjectReview for every authenticated identity", async () => {
    const self = (id: Identity, verb: string) =>
      send(target(), id, {
        method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { group: ACK_GROUP, resource: FUNCTION_PLURAL, verb, namespace: NS } } },
      });
    const viewerPatch = await self("viewer", "patch");
    expectStatus(viewerPatch, 201);
    expect((viewerPatch.body as ReviewBody).status?.allowed ?? false).toBe(false);
    expect(((await self("viewer", "list")).body as ReviewBody).status?.allowed).toBe(true);
    expect(((await self("operator", "delete")).body as ReviewBody).status?.allowed).toBe(true);

    const who = await send(target(), "viewer", { method: "POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } });
    expectStatus(who, 201);
    const info = (who.body as ReviewBody).status?.userInfo;
    expect(info?.username).toBe(target().identities.viewer.user);
    expect(info?.groups).toEqual(expect.arrayContaining([...target().identities.viewer.groups, "system:authenticated"]));
  });

  it("lets the dashboard impersonate: the operator's patch passes, the viewer's is refused by RBAC", async () => {
    expectStatus(await annotate("dashboard"), 403);
    expectStatus(await annotate("dashboard", impersonating("operator")), 200);
    const asViewer = await annotate("dashboard", impersonating("viewer"));
    expectStatus(asViewer, 403);
    expect((asViewer.body as StatusBody).message).toContain(`User "${target().identities.viewer.user}" cannot patch resource "functions"`);

    const who = await send(target(), "dashboard", {
      method: "POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", headers: impersonating("operator"),
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    });
    expectStatus(who, 201);
    expect((who.body as ReviewBody).status?.userInfo?.username).toBe(target().identities.operator.user);
    expect((who.body as ReviewBody).status?.userInfo?.groups).toEqual(expect.arrayContaining(["ack-fleet:operators", "system:authenticated"]));
  });

  it("refuses impersonation with 403 to the viewer and the operator (no impersonate verb)", async () => {
    for (const who of ["viewer", "operator"] as const) {
      const res = await annotate(who, impersonating("admin"));
      expectStatus(res, 403);
      const body = res.body as StatusBody & { details?: { group?: string } };
      expect(body.reason).toBe("Forbidden");
      // Kubernetes 1.36+ (ConstrainedImpersonation, KEP-5284, on by default): the refusal names
      // the impersonate-on:<mode>:<verb> check on the requested object.
      expect(body.message).toBe(
        `functions.lambda.services.k8s.aws "${FN}" is forbidden: User "${target().identities[who].user}" cannot impersonate-on:user-info:patch resource "functions" in API group "lambda.services.k8s.aws" in the namespace "${NS}"`,
      );
      expect(body.details).toEqual({ name: FN, group: "lambda.services.k8s.aws", kind: "functions" });
    }
    const list = await send(target(), "viewer", { path: `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${NS}/functions`, headers: impersonating("dashboard") });
    expectStatus(list, 403);
    expect((list.body as StatusBody).message).toBe(
      `functions.lambda.services.k8s.aws is forbidden: User "${target().identities.viewer.user}" cannot impersonate-on:user-info:list resource "functions" in API group "lambda.services.k8s.aws" in the namespace "${NS}"`,
    );
  });

  it("refuses a service account's impersonation on a non-resource path by its own mode", async () => {
    const res = await send(target(), "viewer", { path: "/apis", headers: { "Impersonate-User": "system:serviceaccount:ack-system:ack-lambda-controller" } });
    expectStatus(res, 403);
    expect((res.body as StatusBody).message).toBe(`forbidden: User "${target().identities.viewer.user}" cannot impersonate-on:serviceaccount:get path "/apis"`);
  });

  it("refuses impersonating groups without a user with 400", async () => {
    const res = await send(target(), "dashboard", { path: functionPath(NS, FN), headers: { "Impersonate-Group": "ack-fleet:operators" } });
    expectStatus(res, 400);
    const body = res.body as StatusBody;
    expect(body.reason).toBe("BadRequest");
    expect(body.message).toBe('requested &user.DefaultInfo{Name:"", UID:"", Groups:[]string{"ack-fleet:operators"}, Extra:map[string][]string(nil)} without impersonating a user name');
  });
}
