"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** The error boundary's message, with a retry, in the user's language. */
export function ErrorPanel({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-8 text-center">
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">{t("reference", { digest: error.digest })}</p>}
      <Button variant="secondary" className="mt-4" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}
