/**
 * Refusals keep their status and message on the production server. The app is built by
 * instrumentation.ts, bundled apart from the route handlers: a refusal the app throws (409, 404,
 * 400) once reached the route as an unknown error and was answered 500 "internal error"
 * (lib/server/http/errors.ts). Unit tests cannot see this: they load one copy of each module.
 */
import { expect, test } from "./fixtures";

const FN = "/api/functions/prod-us/checkout/order-events-processor";

test("a remediation refused by the app answers its own status, code and message", async ({ request, baseURL }) => {
  const headers = { origin: baseURL!, "content-type": "application/json" };
  const detail = await request.get(FN);
  expect(detail.status()).toBe(200);
  const { resourceVersion } = (await detail.json()) as { resourceVersion: string };

  // A resourceVersion the operator never saw: 409, nothing done.
  const stale = await request.post(`${FN}/remediations`, {
    headers,
    data: { action: "request-deletion", expectedResourceVersion: `${resourceVersion}0`, confirm: "order-events-processor", reason: "e2e stale version", dryRun: true },
  });
  expect(stale.status()).toBe(409);
  const body = (await stale.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("precondition_failed");
  expect(body.error.message).toContain("changed since you looked");

  // An approval nobody asked for: 404 from the app's store, not 500.
  const unknown = await request.post("/api/remediations/00000000-0000-4000-8000-000000000000/approve", { headers, data: { confirm: "order-events-processor" } });
  expect(unknown.status()).toBe(404);
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
});

test("the connection's facts are the server's, never the client's (the request tap)", async ({ request }) => {
  // Local mode refuses a request whose connection is not loopback. A client that claims a
  // foreign connection in the tap's header is not believed: the tap writes the real one.
  const claimed = { "x-ack-fleet-connection": "http 10.0.0.5 3000 203.0.113.9" };
  for (const path of ["/api/functions?limit=1", "/api/me"]) {
    const res = await request.get(path, { headers: claimed });
    expect(res.status(), path).toBe(200);
  }
});
