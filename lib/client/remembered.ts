"use client";
/**
 * A choice this browser remembers in localStorage (time zone, theme, desktop notifications):
 * every component that reads it is told when it changes, here or in another tab. Where storage
 * is refused (private mode), a choice lasts for the page only.
 *
 * A read is kept until the current task's microtasks run: every row of the overview reads the
 * time zone (useSyncExternalStore reads its snapshot on each render), and reading localStorage
 * fifty times per render of the table was a measurable share of each fleet update at 50,000
 * rows. A change made by set(), by another tab, or directly in storage is seen from the next one.
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
  let read: { value: string | null } | null = null;
  const stored = (): string | null => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return onThisPage;
    }
  };
  return {
    get() {
      if (read) return read.value;
      const now = (read = { value: stored() });
      queueMicrotask(() => {
        if (read === now) read = null;
      });
      return now.value;
    },
    set(value) {
      onThisPage = value;
      read = null;
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
        read = null;
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
