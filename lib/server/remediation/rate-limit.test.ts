import { describe, expect, it } from "vitest";
import { SqlRateLimitStore } from "../store/sql-rate-limits";
import { openSqlite, SqliteDb } from "../store/sqlite-db";
import { WriteRateLimiter } from "./rate-limit";

describe("WriteRateLimiter", () => {
  it("allows perMinute writes, then refuses with a Retry-After, and refills with time", async () => {
    let now = 0;
    const l = new WriteRateLimiter(new SqlRateLimitStore(new SqliteDb(openSqlite(":memory:"))), "writes", 3, () => now);
    expect([await l.take("a"), await l.take("a"), await l.take("a")].every((d) => d.ok)).toBe(true);
    expect(await l.take("a")).toEqual({ ok: false, retryAfterSeconds: 20, firstRefusal: true });
    expect(await l.take("a")).toMatchObject({ ok: false, firstRefusal: false });
    expect((await l.take("b")).ok).toBe(true);
    now += 20_000;
    expect((await l.take("a")).ok).toBe(true);
    expect(await l.take("a")).toMatchObject({ ok: false, firstRefusal: true });
  });

  it("keeps the buckets of two limits apart in one store", async () => {
    const store = new SqlRateLimitStore(new SqliteDb(openSqlite(":memory:")));
    const writes = new WriteRateLimiter(store, "writes", 1, () => 0);
    const audits = new WriteRateLimiter(store, "audits", 1, () => 0);
    expect((await writes.take("a")).ok).toBe(true);
    expect((await audits.take("a")).ok).toBe(true);
    expect((await writes.take("a")).ok).toBe(false);
  });
});
