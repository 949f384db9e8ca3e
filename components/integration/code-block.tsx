import { cn } from "@/components/ui/cn";
import { CopyButton } from "./copy-button";

export type CopyLabels = { copy: string; copied: string; failed: string };

/** A block of code (a shell command, JSON) that scrolls sideways rather than overflow, with a copy button. */
export function CodeBlock({ code, label, copyLabels, className }: { code: string; /** What the block holds, for screen readers. */ label: string; copyLabels: CopyLabels; className?: string }) {
  return (
    <figure className={cn("overflow-hidden rounded-md border border-slate-800 bg-slate-900", className)}>
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-700 px-3 py-1.5 text-xs text-slate-300">
        <span>{label}</span>
        <CopyButton text={code} label={copyLabels.copy} copiedLabel={copyLabels.copied} failedLabel={copyLabels.failed} className="border-slate-600 bg-slate-800 text-slate-100 hover:bg-slate-700" />
      </figcaption>
      {/* Focusable, so that a keyboard can scroll a long line. */}
      <pre tabIndex={0} className="overflow-x-auto p-3 text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
