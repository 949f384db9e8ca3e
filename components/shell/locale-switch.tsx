import { getLocale, getTranslations } from "next-intl/server";
import { locales } from "@/lib/i18n/locales";
import { cn } from "@/components/ui/cn";

/** One button per language; a plain form, so it works before any script has loaded. */
export async function LocaleSwitch({ action, className }: { action: (formData: FormData) => Promise<void>; className?: string }) {
  const [current, t] = await Promise.all([getLocale(), getTranslations("locale")]);
  return (
    <form action={action} className={cn("flex items-center gap-1 text-sm", className)} aria-label={t("label")}>
      {locales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className={cn(
            "rounded px-2 py-1",
            locale === current ? "bg-slate-200 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-100",
          )}
        >
          {t(locale)}
        </button>
      ))}
    </form>
  );
}
