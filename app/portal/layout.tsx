import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  manifest: "/manifest.webmanifest",
  icons: { apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, statusBarStyle: "default" },
};

export const viewport: Viewport = { themeColor: "#1d4ed8" };

/** The member portal: installable, and laid out for phones first. */
export default function PortalLayout({ children }: { children: ReactNode }) {
  return children;
}
