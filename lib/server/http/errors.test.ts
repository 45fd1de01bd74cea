import { describe, expect, it, vi } from "vitest";

/**
 * The production build gives instrumentation.ts (which builds the server app) and each route
 * handler their own copy of the error classes. An error thrown by the app's copy must still be
 * the route's HttpError, or handle() answers a refusal (409, 429, ...) with a 500.
 */
async function freshCopies() {
  vi.resetModules();
  const errors = await import("./errors");
  const remediation = await import("../remediation/errors");
  const identity = await import("../auth/identity");
  const respond = await import("./respond");
  return { ...errors, ...remediation, AuthError: identity.AuthError, handle: respond.handle };
}

describe("errors thrown by another copy of the classes", () => {
  it("are two copies (what the test is about)", async () => {
    const route = await freshCopies();
    const app = await freshCopies();
    expect(app.HttpError).not.toBe(route.HttpError);
  });

  it("are still HttpErrors, each of its own kind only", async () => {
    const route = await freshCopies();
    const app = await freshCopies();
    const refusal = app.refuse.conflict("the Function changed since you looked");
    expect(refusal instanceof route.HttpError).toBe(true);
    expect(refusal instanceof route.RemediationError).toBe(true);
    expect(refusal instanceof route.AuthError).toBe(false);
    expect(refusal instanceof route.NotReadyError).toBe(false);
    expect(new app.AuthError("no user") instanceof route.HttpError).toBe(true);
    expect(new app.AuthError("no user") instanceof route.RemediationError).toBe(false);
    expect(new Error("plain") instanceof route.HttpError).toBe(false);
    expect((null as unknown as object) instanceof route.HttpError).toBe(false);
    expect({ status: 409 } instanceof route.HttpError).toBe(false);
  });

  it("keep their status, code, message and headers through handle()", async () => {
    const route = await freshCopies();
    const app = await freshCopies();
    const limited = new app.RemediationError(429, "rate_limited", "too many requests", { retryAfterSeconds: 7 });
    const res = await route.handle(async (_req: Request): Promise<Response> => {
      throw limited;
    })(new Request("http://127.0.0.1/api/x", { method: "POST" }));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toEqual({ error: { code: "rate_limited", message: "too many requests" } });
  });

  it("every error class names its own kind (a subclass without one would pass for its parent)", async () => {
    const c = await freshCopies();
    for (const cls of [c.HttpError, c.NotReadyError, c.RemediationError, c.AuthError]) expect(Object.hasOwn(cls, "kind")).toBe(true);
    expect(new Set([c.HttpError, c.NotReadyError, c.RemediationError, c.AuthError].map((k) => k.kind)).size).toBe(4);
  });
});
