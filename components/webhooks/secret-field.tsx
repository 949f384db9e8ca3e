"use client";

import { Copy, Eye, EyeOff } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A secret (or any value to hand to another system), masked until revealed, with a copy button;
 * whether the copy worked is announced to screen readers.
 */
export function SecretField({ label, value, masked = true }: { label: string; value: string; masked?: boolean }) {
  const t = useTranslations("webhooks.secretField");
  const [shown, setShown] = useState(!masked);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const id = useId();
  const display = shown ? value : `${value.slice(0, 6)}${"•".repeat(24)}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }

  return (
    <div className="space-y-1">
      <p id={`${id}-label`} className="text-sm font-medium text-slate-700">
        {label}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code aria-labelledby={`${id}-label`} className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-800">
          {display}
        </code>
        <div className="flex gap-2">
          {masked && (
            <Button variant="secondary" className="min-h-9 px-3" aria-pressed={shown} onClick={() => setShown((value) => !value)}>
              {shown ? <EyeOff className="size-4" aria-hidden /> : <Eye className="size-4" aria-hidden />}
              {shown ? t("hide") : t("reveal")}
            </Button>
          )}
          <Button variant="secondary" className="min-h-9 px-3" onClick={copy}>
            <Copy className="size-4" aria-hidden />
            {t("copy")}
          </Button>
        </div>
      </div>
      <p role="status" className="text-xs text-slate-600">
        {copied === "yes" ? t("copied") : copied === "no" ? t("copyFailed") : ""}
      </p>
    </div>
  );
}
