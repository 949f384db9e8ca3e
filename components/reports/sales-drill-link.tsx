import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A figure that opens the records behind it; `label` says which, for screen readers and tooltips. */
export function SalesDrillLink({ href, label, className, children }: { href: Route; label: string; className?: string; children: ReactNode }) {
  return (
    <Link href={href} aria-label={label} title={label} className={cn("text-brand-700 hover:underline", className)}>
      {children}
    </Link>
  );
}
