import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { getSetting } from "@/lib/settings/queries";

/** The member portal installs as an app on a phone's home screen. */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  // Read at request time: the organisation's name is a setting, not a build-time constant.
  await connection();
  const organisation = await getSetting("organisation");
  return {
    name: organisation.name,
    short_name: organisation.name.slice(0, 12),
    description: "Your membership card, points and coupons.",
    id: "/portal",
    start_url: "/portal",
    scope: "/portal",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#1d4ed8",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
