import { z } from "zod";

export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const localeCookie = "crm-locale";
export const localeSchema = z.enum(locales);

/** The first supported language an `Accept-Language` header names. */
export function negotiateLocale(acceptLanguage: string | null): Locale {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase();
    if (tag?.startsWith("zh")) return "zh-CN";
    if (tag?.startsWith("en")) return "en";
  }
  return defaultLocale;
}
