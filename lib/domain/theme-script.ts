/**
 * The inline script the root layout runs before the first paint: the remembered theme
 * (lib/client/theme.ts, same storage key) as a class on <html>. Nothing remembered: no class,
 * and the `dark` variant follows prefers-color-scheme. Pure text, no I/O here.
 */
export const THEME_STORAGE_KEY = "ack-fleet.theme";

export const THEME_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.classList.add(t)}catch(e){}`;
