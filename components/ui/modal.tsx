"use client";

import { useId, useRef, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A button that opens a modal dialog (the browser's own `<dialog>`: focus is trapped, Escape
 * closes it). Any element inside marked `data-modal-close` closes it too, e.g. a cancel button.
 */
export function Modal({ trigger, title, description, children }: { trigger: ReactNode; title: string; description?: ReactNode; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => dialog.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest("[data-modal-close]")) dialog.current?.close();
        }}
        className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {description && <p className="mt-2 text-sm text-slate-600">{description}</p>}
        {children}
      </dialog>
    </>
  );
}
