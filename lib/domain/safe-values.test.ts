import { describe, expect, it } from "vitest";
import { isoTime, parseTime, safeTimestamp } from "./safe-values";

/** What a timestamp reads as by Date.parse alone (the reading parseTime keeps): RFC 3339 or ISO 8601 with "+0000". */
function byDateParse(value: string): number | null {
  if (value.length > 40 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isFinite(ms) ? ms : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Kubernetes' form with every field at, inside and past its bounds (days past the month's end, leap years, hour 24, second 60). */
function kubernetesForms(): string[] {
  const out: string[] = [];
  for (const year of [999, 1000, 1900, 1970, 2000, 2023, 2024, 2100, 9999]) {
    for (const month of [0, 1, 2, 4, 12, 13]) {
      for (const day of [0, 1, 28, 29, 30, 31, 32]) out.push(`${pad(year, 4)}-${pad(month)}-${pad(day)}T12:34:56Z`, `${pad(year, 4)}-${pad(month)}-${pad(day)}T12:34:56.789Z`);
    }
  }
  for (const [h, m, s] of [[0, 0, 0], [23, 59, 59], [24, 0, 0], [24, 0, 1], [23, 60, 0], [23, 59, 60], [99, 99, 99]]) out.push(`2024-05-01T${pad(h)}:${pad(m)}:${pad(s)}Z`, `2024-05-01T${pad(h)}:${pad(m)}:${pad(s)}.000Z`);
  for (const ms of ["000", "001", "999", "0a0", "00", "0000"]) out.push(`2024-05-01T12:34:56.${ms}Z`);
  return out;
}

describe("parseTime and safeTimestamp", () => {
  it("read Kubernetes' form as Date.parse does, in range or not", () => {
    for (const value of kubernetesForms()) {
      const ms = byDateParse(value);
      expect(parseTime(value), value).toBe(ms);
      expect(safeTimestamp(value), value).toBe(ms === null ? null : new Date(ms).toISOString());
    }
  });

  it("read the other forms and reject what is not a timestamp as before", () => {
    const others = [
      "2024-05-01T12:34:56.789+00:00",
      "2024-05-01T12:34:56.78Z",
      "2024-05-01T12:34:56.123456789Z",
      "2024-05-01T12:34:56+0000",
      "2024-05-01T12:34:56+02:00",
      "2024-05-01T12:34:56-0530",
      "2024-05-01 12:34:56Z",
      "2024-05-01T12:34:56z",
      "2024-05-01T12:34:56",
      "2024-5-01T12:34:56Z",
      "2024-05-01T12:34:5aZ",
      "２０２４-05-01T12:34:56Z",
      "+02024-05-01T12:34:56Z",
      "2024-05-01T12:34:56ZZ",
      "",
      "x".repeat(60),
    ];
    for (const value of others) {
      const ms = byDateParse(value);
      expect(parseTime(value), value).toBe(ms);
      expect(safeTimestamp(value), value).toBe(ms === null ? null : new Date(ms).toISOString());
    }
    for (const value of [null, undefined, 1714566896000, {}, ["2024-05-01T12:34:56Z"]]) {
      expect(parseTime(value)).toBeNull();
      expect(safeTimestamp(value)).toBeNull();
    }
  });
});

describe("isoTime", () => {
  it("writes what toISOString writes", () => {
    const day = 86_400_000;
    const values = [0, 1, 999, 1000, day - 1, day, 951_782_400_000 /* 2000-02-29 */, 4_107_542_400_000 /* 2100-03-01 */, 253_402_300_799_999, 253_402_300_800_000, -1, -day, 1.5, 8.64e15];
    // Every day boundary and a random instant of each of ~3,000 days spread over 1970-9999.
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    for (let d = 0; d < 2_932_897; d += 997) values.push(d * day, d * day - 1, d * day + Math.floor(random() * day));
    for (const ms of values) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
