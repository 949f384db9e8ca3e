import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button";

export default async function DealNotFound() {
  const t = await getTranslations("deals.notFound");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
      <Link href="/sales/deals" className={buttonClass("secondary", "mt-4")}>
        {t("back")}
      </Link>
    </div>
  );
}
