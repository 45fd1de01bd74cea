"use client";
/**
 * The page-wide shortcuts: `/` focuses the search box, `Escape` leaves a text field, closes a
 * dialog (the dialog's own handler, useModalDialog) or goes back, `?` lists every shortcut.
 * Moving through a list is the list's business (useRowNavigation). A letter typed into a field
 * is never a shortcut. Mounted once, in the header, with a button that opens the same list.
 */
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { isPlainKey, isTypingTarget, openModalDialog } from "@/lib/client/keyboard";
import { useModalDialog } from "@/lib/client/use-modal-dialog";

export const SHORTCUTS: ReadonlyArray<{ keys: string[]; does: string }> = [
  { keys: ["/"], does: "Search the Functions (on the overview)" },
  { keys: ["j", "↓"], does: "Next Function in the table or list" },
  { keys: ["k", "↑"], does: "Previous Function in the table or list" },
  { keys: ["Enter"], does: "Open the selected Function" },
  { keys: ["Esc"], does: "Leave a text field, close a dialog, or go back" },
  { keys: ["Tab", "Shift+Tab"], does: "Move between controls (inside an open dialog, stay in it)" },
  { keys: ["?"], does: "Show these shortcuts" },
];

export function KeyboardShortcuts() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const pathname = usePathname();
  const pathRef = useRef(pathname);
  useEffect(() => {
    pathRef.current = pathname;
  }, [pathname]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !isPlainKey(e)) return;
      if (e.key === "Escape" && isTypingTarget(e.target) && !openModalDialog()) {
        // Leave the field as it is (a search box would clear itself on Escape) and go to the page.
        e.preventDefault();
        (e.target as HTMLElement).blur();
        return;
      }
      if (isTypingTarget(e.target) || openModalDialog()) return;
      if (e.key === "/") {
        const search = document.querySelector<HTMLElement>('[data-shortcut="search"]');
        if (!search) return;
        e.preventDefault();
        search.focus();
      } else if (e.key === "?") {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === "Escape" && pathRef.current !== "/") {
        e.preventDefault();
        if (window.history.length > 1) router.back();
        else router.push("/");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router]);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        className="grid h-7 w-7 place-items-center rounded border border-slate-300 text-sm font-semibold text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        ?
      </button>
      {/* In <body>, not in the header: the header's backdrop-filter makes it the containing block of
          fixed descendants, which clipped the dialog to the header's height. */}
      {open ? createPortal(<ShortcutsDialog onClose={() => setOpen(false)} />, document.body) : null}
    </>
  );
}

function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useModalDialog(dialogRef, onClose);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-950/50 p-4 sm:p-10">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-lg rounded-lg border border-slate-300 bg-white shadow-xl dark:border-slate-700 dark:bg-slate-900">
        <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
          <h2 id={titleId} className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <button ref={closeRef} type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-200 dark:hover:bg-slate-800">
            Close
          </button>
        </div>
        <table className="m-5 w-[calc(100%-2.5rem)] text-sm">
          <caption className="sr-only">Keys and what they do; none of them acts while you type in a field</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.does} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="whitespace-nowrap py-1.5 pr-4">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? <span className="px-1 text-slate-500 dark:text-slate-400">or</span> : null}
                      <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">{k}</kbd>
                    </span>
                  ))}
                </td>
                <td className="py-1.5 text-slate-700 dark:text-slate-300">{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="px-5 pb-4 text-xs text-slate-600 dark:text-slate-400">Shortcuts do nothing while you type in a text field: press Esc to leave it first.</p>
      </div>
    </div>
  );
}
