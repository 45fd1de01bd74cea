// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { noticeFor, setDesktopNotifications, useDesktopNotifications } from "./desktop-notifications";

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

describe("useDesktopNotifications", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.localStorage.clear();
  });

  it("asks the browser's permission once for many renders in one task, and follows a change from the next", async () => {
    let asked = 0;
    vi.stubGlobal(
      "Notification",
      class {
        static get permission() {
          asked++;
          return "granted";
        }
        static requestPermission = async () => "granted";
      },
    );
    const { result, rerender } = renderHook(() => useDesktopNotifications());
    await act(async () => {});
    asked = 0;
    // Each rerender renders (testing-library wraps each in its own act), all in this one task.
    for (let i = 0; i < 20; i++) rerender();
    expect(asked).toBeLessThanOrEqual(2);
    expect(result.current).toBe("off");
    await act(() => setDesktopNotifications(true));
    expect(result.current).toBe("on");
  });
});
