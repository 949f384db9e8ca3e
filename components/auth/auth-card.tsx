import type { ReactNode } from "react";

/** The centred card of the sign-in pages, with the language switch beneath. */
export function AuthCard({ brand, title, children, footer }: { brand: string; title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-2 text-center text-sm font-semibold uppercase tracking-wide text-brand-700">{brand}</p>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="mb-6 text-xl font-semibold">{title}</h1>
          {children}
        </div>
        {footer && <div className="mt-6 flex flex-col items-center gap-4 text-sm">{footer}</div>}
      </div>
    </main>
  );
}
