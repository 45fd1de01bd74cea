"use client";
/**
 * Light, dark, or the system's choice (the default): remembered in localStorage and applied as a
 * class on <html>, which the `dark` variant in app/globals.css reads. The root layout's inline
 * script (THEME_SCRIPT) applies the remembered class before the first paint, so a dark page
 * never flashes light on load.
 */
import { useSyncExternalStore } from "react";
import { THEME_STORAGE_KEY } from "@/lib/domain/theme-script";

export type ThemeChoice = "light" | "dark" | "system";
export const THEME_KEY = THEME_STORAGE_KEY;
const listeners = new Set<() => void>();

function read(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(THEME_KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

function apply(theme: ThemeChoice): void {
  const root = document.documentElement.classList;
  root.remove("light", "dark");
  if (theme !== "system") root.add(theme);
}

export function setThemeChoice(theme: ThemeChoice): void {
  try {
    if (theme === "system") window.localStorage.removeItem(THEME_KEY);
    else window.localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  apply(theme);
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed it: follow.
  const onStorage = (e: StorageEvent) => {
    if (e.key !== THEME_KEY) return;
    apply(read());
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(subscribe, read, () => "system");
}
