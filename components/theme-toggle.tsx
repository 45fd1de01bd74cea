"use client";
/** The header's theme switch: light, dark, or the system's (remembered; lib/client/theme.ts). */
import { setThemeChoice, useTheme, type ThemeChoice } from "@/lib/client/theme";
import { useHydrated } from "@/lib/client/use-hydrated";

export function ThemeToggle() {
  const theme = useTheme();
  const hydrated = useHydrated();
  return (
    <label className="flex items-center gap-1 text-xs text-slate-700 dark:text-slate-300">
      <span className="sr-only">Theme</span>
      <select
        value={theme}
        disabled={!hydrated}
        onChange={(e) => setThemeChoice(e.target.value as ThemeChoice)}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 disabled:opacity-60 dark:bg-slate-950"
      >
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
