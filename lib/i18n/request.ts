import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSetting } from "@/lib/settings/queries";
import { localeCookie, localeSchema, negotiateLocale, type Locale } from "./locales";

const catalogs: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import("./messages/en.json"),
  "zh-CN": () => import("./messages/zh-CN.json"),
};

/** The language a person chose with the switch, or the one their browser asks for. */
async function requestLocale(): Promise<Locale> {
  const chosen = localeSchema.safeParse((await cookies()).get(localeCookie)?.value);
  return chosen.success ? chosen.data : negotiateLocale((await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  const { timeZone } = await getSetting("organisation");
  return {
    locale,
    timeZone,
    messages: (await catalogs[locale]()).default,
    formats: {
      dateTime: {
        date: { dateStyle: "medium" },
        dateTime: { dateStyle: "medium", timeStyle: "short" },
      },
    },
  };
});
