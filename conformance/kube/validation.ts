/**
 * The real CRD's schema (lambda-controller v1.14.1, openAPIV3Schema): required fields and types
 * are 422 Invalid with one cause per field; unknown fields are pruned, or 400 with
 * fieldValidation=Strict (https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation).
 */
import { beforeAll, expect, it } from "vitest";
import { causeFields, createNamespace, expectStatus, functionManifest, functionsPath, getFunction, send, type FunctionObject, type GetTarget, type StatusBody } from "./api";

const NS = "conf-validation";

export function validationCases(target: GetTarget): void {
  const create = (body: unknown, query: Record<string, string> = {}) => send(target(), "admin", { method: "POST", path: functionsPath(NS), body, query });

  beforeAll(async () => {
    await createNamespace(target(), NS);
  });

  it("refuses a Function without spec.name and spec.code: 422 with a cause per field", async () => {
    const res = await create(functionManifest(NS, "no-spec", { spec: { runtime: "python3.12" } }));
    expectStatus(res, 422);
    const body = res.body as StatusBody;
    expect(body.reason).toBe("Invalid");
    expect(body.details?.kind).toBe("Function");
    expect(body.details?.name).toBe("no-spec");
    expect(causeFields(res)).toEqual(["spec.code", "spec.name"]);
    expect(body.details?.causes?.map((c) => c.reason)).toEqual(["FieldValueRequired", "FieldValueRequired"]);
    expect(body.message).toContain('Function.lambda.services.k8s.aws "no-spec" is invalid');
    expect(await getFunction(target(), NS, "no-spec")).toBeNull();
  });

  it("refuses wrongly typed fields and bad names with 422", async () => {
    const manifest = functionManifest(NS, "typed") as { spec: Record<string, unknown> };
    const typed = await create({ ...manifest, spec: { ...manifest.spec, memorySize: "lots" } });
    expectStatus(typed, 422);
    expect(causeFields(typed)).toEqual(["spec.memorySize"]);
    // The cause names the JSON type it got, not the value.
    expect((typed.body as StatusBody).details?.causes).toEqual([
      { reason: "FieldValueTypeInvalid", field: "spec.memorySize", message: 'Invalid value: "string": spec.memorySize in body must be of type integer: "string"' },
    ]);

    const badName = await create(functionManifest(NS, "Not_A_Name"));
    expectStatus(badName, 422);
    expect(causeFields(badName)).toEqual(["metadata.name"]);
  });

  it("prunes unknown fields by default and refuses them with fieldValidation=Strict (400)", async () => {
    const manifest = functionManifest(NS, "pruned") as { spec: Record<string, unknown> };
    const withUnknown = { ...manifest, spec: { ...manifest.spec, notInTheSchema: true } };
    const strict = await create(withUnknown, { fieldValidation: "Strict" });
    expectStatus(strict, 400);
    expect((strict.body as StatusBody).message).toBe('Function in version "v1alpha1" cannot be handled as a Function: strict decoding error: unknown field "spec.notInTheSchema"');

    const res = await create(withUnknown);
    expectStatus(res, 201);
    expect((res.body as FunctionObject).spec).not.toHaveProperty("notInTheSchema");
    expect((await getFunction(target(), NS, "pruned"))?.spec).not.toHaveProperty("notInTheSchema");
  });

  it("drops status on create (status is written only through the status subresource)", async () => {
    const res = await create({ ...functionManifest(NS, "with-status"), status: { state: "Active" } });
    expectStatus(res, 201);
    expect((res.body as FunctionObject).status).toBeUndefined();
  });
}
