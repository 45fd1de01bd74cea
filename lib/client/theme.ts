"use client";
/**
 * Light, dark, or the system's choice (the default): remembered in localStorage and applied as a
 * class on <html>, which the `dark` variant in app/globals.css reads. The root layout's inline
 * script (THEME_SCRIPT) applies the remembered class before the first paint, so a dark page
 * never flashes light on load.
 */
import { useSyncExternalStore } from "react";
import { THEME_STORAGE_KEY } from "@/lib/domain/theme-script";
import { remembered } from "./remembered";

export type ThemeChoice = "light" | "dark" | "system";
export const THEME_KEY = THEME_STORAGE_KEY;
// Another tab changed it: follow.
const choice = remembered(THEME_KEY, () => apply(read()));

function read(): ThemeChoice {
  const v = choice.get();
  return v === "light" || v === "dark" ? v : "system";
}

function apply(theme: ThemeChoice): void {
  const root = document.documentElement.classList;
  root.remove("light", "dark");
  if (theme !== "system") root.add(theme);
}

export function setThemeChoice(theme: ThemeChoice): void {
  apply(theme);
  choice.set(theme === "system" ? null : theme);
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(choice.subscribe, read, () => "system");
}
