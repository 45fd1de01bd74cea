import { describe, expect, it } from "vitest";
import { noticeFor } from "./desktop-notifications";

describe("noticeFor", () => {
  it("tells a rise once, then measures from the new count", () => {
    expect(noticeFor(12, 15)).toEqual({ notify: "15 Functions need action (3 more).", baseline: 15 });
    expect(noticeFor(15, 15)).toEqual({ notify: null, baseline: 15 });
  });

  it("says nothing on a fall, and tells the next rise from the lower count", () => {
    const fell = noticeFor(15, 10);
    expect(fell).toEqual({ notify: null, baseline: 10 });
    expect(noticeFor(fell.baseline, 11)).toEqual({ notify: "11 Functions need action (1 more).", baseline: 11 });
    expect(noticeFor(0, 1).notify).toBe("1 Function needs action (1 more).");
  });
});
