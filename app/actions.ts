"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { localeCookie, localeSchema } from "@/lib/i18n/locales";

/** Remembers the chosen language for a year; an unknown value changes nothing. */
export async function setLocaleAction(formData: FormData) {
  const locale = localeSchema.safeParse(formData.get("locale"));
  if (!locale.success) return;
  (await cookies()).set(localeCookie, locale.data, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
  revalidatePath("/", "layout");
}
