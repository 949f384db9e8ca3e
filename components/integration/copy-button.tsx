"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/**
 * Copies `text` to the clipboard and says so for a moment, also to screen readers. `label` names
 * what is copied (`Copy the key`); `copiedLabel` is what it says after.
 */
export function CopyButton({ text, label, copiedLabel, failedLabel, className }: { text: string; label: string; copiedLabel: string; failedLabel: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 2500);
  };
  const Icon = state === "copied" ? Check : Copy;
  return (
    <Button variant="secondary" className={cn("min-h-8 shrink-0 px-3 text-xs", className)} onClick={copy}>
      <Icon className="size-3.5" aria-hidden />
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? failedLabel : label}</span>
    </Button>
  );
}
