"use client";
/**
 * A choice this browser remembers in localStorage (time zone, theme, desktop notifications):
 * every component that reads it is told when it changes, here or in another tab. Where storage
 * is refused (private mode), a choice lasts for the page only.
 */
export interface Remembered {
  /** The stored text (null: unset); where storage is refused, what this page chose last. */
  get(): string | null;
  /** Stores the text (null forgets it) and tells every reader. */
  set(value: string | null): void;
  /** For useSyncExternalStore: called on each change; `onOtherTab` runs first for another tab's. */
  subscribe(listener: () => void): () => void;
}

export function remembered(key: string, onOtherTab?: () => void): Remembered {
  const listeners = new Set<() => void>();
  // What this page chose last: what is read when storage is refused.
  let onThisPage: string | null = null;
  return {
    get() {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return onThisPage;
      }
    },
    set(value) {
      onThisPage = value;
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, value);
      } catch {
        // Storage refused: the choice lasts for this page only.
      }
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      const onStorage = (e: StorageEvent) => {
        if (e.key !== key) return;
        onOtherTab?.();
        listener();
      };
      window.addEventListener("storage", onStorage);
      return () => {
        listeners.delete(listener);
        window.removeEventListener("storage", onStorage);
      };
    },
  };
}
