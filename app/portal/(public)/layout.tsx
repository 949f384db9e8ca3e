import type { ReactNode } from "react";

/** The portal's pages for visitors: sign in, join, and get a new password. */
export default function PortalPublicLayout({ children }: { children: ReactNode }) {
  return <div className="bg-slate-50">{children}</div>;
}
