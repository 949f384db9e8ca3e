import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { searchCustomersAction } from "@/app/(staff)/customers/actions";
import { OrderForm, type OrderCustomer } from "@/components/orders/order-form";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { orderChannels } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getWonDeal } from "@/lib/sales/deals";
import { formatDealNumber } from "@/lib/sales/rules";
import { getSetting } from "@/lib/settings/queries";
import { checkCouponAction, createOrderAction, orderCustomerAction, searchProductsAction } from "../actions";
import { loadOrderCustomer } from "../load";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders"))("new") };
}

/** The won deal of `?dealId=`, or why it cannot be used. */
async function dealFromLink(actor: Actor, dealId: string) {
  try {
    return { deal: await getWonDeal(actor, dealId) };
  } catch (error) {
    if (error instanceof AppError && error.code === "INVALID_STATE") return { problem: "notWon" as const };
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) return { problem: "notFound" as const };
    throw error;
  }
}

/** A new order, for a customer chosen here, given in the link (`?customerId=`), or a won deal's (`?dealId=`). */
export default async function NewOrderPage({ searchParams }: PageProps<"/orders/new">) {
  const actor = await requirePermission("orders.write");
  const search = await searchParams;
  const dealId = typeof search.dealId === "string" && search.dealId ? search.dealId : null;
  const fromDeal = dealId ? await dealFromLink(actor, dealId) : null;
  const deal = fromDeal && "deal" in fromDeal ? fromDeal.deal : null;
  const customerId = deal ? deal.customerId : typeof search.customerId === "string" && search.customerId ? search.customerId : null;
  const [t, { currency }, { pointsPerCurrencyUnit }, customer] = await Promise.all([
    getTranslations("orders"),
    getSetting("organisation"),
    getSetting("sales"),
    customerId ? loadOrderCustomer(actor, customerId).catch((): OrderCustomer | null => null) : null,
  ]);

  return (
    <>
      <BackLink href="/orders">{t("title")}</BackLink>
      <PageHeader title={t("new")} />
      {fromDeal && "problem" in fromDeal && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t(`form.dealProblem.${fromDeal.problem}`)}
        </p>
      )}
      <OrderForm
        action={createOrderAction}
        currency={currency}
        pointsPerCurrencyUnit={pointsPerCurrencyUnit}
        channels={orderChannels}
        defaultChannel={deal ? "sales" : "store"}
        initialCustomer={customer}
        deal={deal ? { id: deal.id, number: formatDealNumber(deal.number), title: deal.title } : null}
        lookups={{ customers: searchCustomersAction, customer: orderCustomerAction, products: searchProductsAction, coupon: checkCouponAction }}
        cancelHref={deal ? `/sales/deals/${deal.id}` : customer ? `/customers/${customer.id}` : "/orders"}
      />
    </>
  );
}
