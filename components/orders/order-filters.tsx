import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";
import { FilterChips } from "@/components/ui/filter-chips";
import { orderChannels, orderStatuses } from "@/db/schema";
import type { OrderListParams } from "@/lib/sales/orders";

/**
 * Status as chips; channel and the placed or paid dates as a plain GET form, which works without script
 * and keeps the search and sort in the URL.
 */
export async function OrderFilters({ params, href }: { params: OrderListParams; href: (patch: Record<string, string | number | undefined>) => string }) {
  const t = await getTranslations("orders");
  const filtered = Boolean(params.q || params.status || params.channel || params.from || params.to);
  return (
    <div className="mb-4 flex flex-col gap-3">
      <FilterChips
        label={t("filters.status")}
        className="mb-0"
        items={[undefined, ...orderStatuses].map((status) => ({
          href: href({ status, page: undefined }),
          label: status ? t(`statuses.${status}`) : t("filters.all"),
          current: params.status === status,
        }))}
      />
      <form method="get" action="/orders" aria-label={t("filters.title")} className="flex flex-wrap items-end gap-3">
        {params.q && <input type="hidden" name="q" value={params.q} />}
        {params.status && <input type="hidden" name="status" value={params.status} />}
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        {params.pageSize !== 25 && <input type="hidden" name="pageSize" value={params.pageSize} />}
        <div className="w-full sm:w-44">
          <Field id="filter-channel" label={t("filters.channel")}>
            {(control) => (
              <select {...control} name="channel" defaultValue={params.channel ?? ""} className={controlClass()}>
                <option value="">{t("filters.anyChannel")}</option>
                {orderChannels.map((channel) => (
                  <option key={channel} value={channel}>
                    {t(`channels.${channel}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="w-full sm:w-36">
          <Field id="filter-dates" label={t("filters.dates")}>
            {(control) => (
              <select {...control} name="dates" defaultValue={params.dates} className={controlClass()}>
                <option value="placed">{t("filters.datesPlaced")}</option>
                <option value="paid">{t("filters.datesPaid")}</option>
              </select>
            )}
          </Field>
        </div>
        <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
          <Field id="filter-from" label={t("filters.from")}>
            {(control) => <input {...control} type="date" name="from" defaultValue={params.from} className={controlClass()} />}
          </Field>
        </div>
        <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
          <Field id="filter-to" label={t("filters.to")}>
            {(control) => <input {...control} type="date" name="to" defaultValue={params.to} className={controlClass()} />}
          </Field>
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            {t("filters.apply")}
          </Button>
          {filtered && (
            <Link href="/orders" className={buttonClass("ghost")}>
              {t("filters.clear")}
            </Link>
          )}
        </div>
      </form>
    </div>
  );
}
