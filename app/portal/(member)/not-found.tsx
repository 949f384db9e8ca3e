import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button";

/** A portal page that does not exist, or a coupon that is not the member's. */
export default async function PortalNotFound() {
  const t = await getTranslations("portal.notFound");
  return (
    <div className="flex flex-col items-center gap-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-slate-600">{t("body")}</p>
      <Link href="/portal" className={buttonClass("secondary")}>
        {t("back")}
      </Link>
    </div>
  );
}
