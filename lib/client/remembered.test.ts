// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { remembered } from "./remembered";

afterEach(() => {
  window.localStorage.clear();
  vi.restoreAllMocks();
});

describe("remembered", () => {
  it("stores, forgets and tells every reader of this page", () => {
    const choice = remembered("test.choice");
    const seen: Array<string | null> = [];
    const stop = choice.subscribe(() => seen.push(choice.get()));
    expect(choice.get()).toBeNull();
    choice.set("dark");
    expect(window.localStorage.getItem("test.choice")).toBe("dark");
    choice.set(null);
    expect(window.localStorage.getItem("test.choice")).toBeNull();
    stop();
    choice.set("light");
    expect(seen).toEqual(["dark", null]);
  });

  it("follows another tab's change of its own key only, running onOtherTab first", () => {
    const order: string[] = [];
    const choice = remembered("test.choice", () => order.push("other-tab"));
    choice.subscribe(() => order.push("listener"));
    window.dispatchEvent(new StorageEvent("storage", { key: "another.key" }));
    expect(order).toEqual([]);
    window.dispatchEvent(new StorageEvent("storage", { key: "test.choice" }));
    expect(order).toEqual(["other-tab", "listener"]);
  });

  it("keeps the choice for the page when storage is refused", () => {
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("refused", "SecurityError");
    });
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("refused", "SecurityError");
    });
    const choice = remembered("test.choice");
    let told = 0;
    choice.subscribe(() => told++);
    expect(() => choice.set("utc")).not.toThrow();
    expect(choice.get()).toBe("utc");
    expect(told).toBe(1);
  });

  it("reads storage once for many reads in one task (every row of a render), and sees a direct change from the next task", async () => {
    window.localStorage.setItem("test.choice", "utc");
    const getItem = vi.spyOn(Storage.prototype, "getItem");
    const choice = remembered("test.choice");
    for (let i = 0; i < 50; i++) expect(choice.get()).toBe("utc");
    expect(getItem).toHaveBeenCalledTimes(1);
    window.localStorage.setItem("test.choice", "local");
    await Promise.resolve();
    expect(choice.get()).toBe("local");
    choice.set("utc");
    expect(choice.get()).toBe("utc");
  });
});
