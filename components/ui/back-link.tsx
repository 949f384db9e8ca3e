import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

/** "← Parent" above a page's heading. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <nav className="mb-2 text-sm">
      <Link href={href as Route} className="text-brand-700 hover:underline">
        ← {children}
      </Link>
    </nav>
  );
}
