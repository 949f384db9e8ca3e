"use client";

import { Trash2 } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useActionState, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { CustomerPicker, type CustomerOption } from "@/components/customers/customer-picker";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import { SearchPicker } from "@/components/ui/search-picker";
import type { ActionState, FormAction } from "@/lib/http/action-state";
import { minorUnitDigits, toMajorUnits, toMinorUnits } from "@/lib/money";
import type { ProductOption } from "@/lib/sales/products";
import { lineAmount, maxPointsFor, orderFigures } from "@/lib/sales/rules";

export type OrderCustomer = {
  id: string;
  name: string;
  number: string;
  member: { status: "active" | "frozen" | "closed"; balance: number; tier: { name: string; nameZh: string } } | null;
};

export type CouponCheck = { valid: true; discount: number; name: string; orderAmount: number } | { valid: false; reason: string };

export type OrderLookups = {
  customers: (q: string) => Promise<CustomerOption[]>;
  customer: (customerId: string) => Promise<OrderCustomer | null>;
  products: (q: string) => Promise<ProductOption[]>;
  coupon: (input: { code: string; customerId: string; orderAmount: number }) => Promise<CouponCheck>;
};

type Line = { product: ProductOption; quantity: string; discount: string };

const parseQuantity = (text: string) => (/^\d{1,6}$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 100_000 ? Number(text) : null);

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The order form: a customer, a channel, lines from the catalogue, a coupon and points. The totals
 * beside it are the browser's estimate as the user types; the server works out the figures again
 * when the order is placed, and they are the ones that count.
 */
export function OrderForm<T>({
  action,
  currency,
  pointsPerCurrencyUnit,
  channels,
  defaultChannel,
  initialCustomer,
  deal,
  lookups,
  cancelHref,
}: {
  action: FormAction<T>;
  currency: string;
  pointsPerCurrencyUnit: number;
  channels: readonly string[];
  defaultChannel: string;
  initialCustomer: OrderCustomer | null;
  /** The won deal the order comes from; its customer is fixed. */
  deal: { id: string; number: string; title: string } | null;
  lookups: OrderLookups;
  cancelHref: string;
}) {
  const t = useTranslations("orders");
  const tAll = useTranslations();
  const format = useFormatter();
  const locale = useLocale();
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const digits = minorUnitDigits(currency);
  const money = (minor: number) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });
  const say = (key: string) => (tAll.has(key) ? tAll(key) : tAll("validation.invalid"));

  const [customer, setCustomer] = useState<OrderCustomer | null>(initialCustomer);
  const [loadingMember, setLoadingMember] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [couponCode, setCouponCode] = useState("");
  const [coupon, setCoupon] = useState<CouponCheck | null>(null);
  const [checking, setChecking] = useState(false);
  // The submission the last coupon check came after: a newer check replaces its coupon error.
  const [checkedAfter, setCheckedAfter] = useState<ActionState | undefined>(undefined);
  const [points, setPoints] = useState("");
  // Controlled, so that a refused submission keeps what was chosen.
  const [channel, setChannel] = useState(defaultChannel);
  const [note, setNote] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const productSearch = useRef<HTMLInputElement>(null);

  const chooseCustomer = (option: CustomerOption | null) => {
    setCoupon(null);
    setPoints("");
    if (!option) {
      setCustomer(null);
      return;
    }
    setCustomer({ id: option.id, name: option.name, number: option.number, member: null });
    setLoadingMember(true);
    lookups
      .customer(option.id)
      .then((found) => setCustomer((current) => (current?.id === option.id && found ? found : current)))
      .finally(() => setLoadingMember(false));
  };

  const addProduct = (product: ProductOption) => {
    setLines((current) => {
      const index = current.findIndex((line) => line.product.id === product.id);
      if (index === -1) return [...current, { product, quantity: "1", discount: "" }];
      // The same product again is one more of it, not a second line.
      return current.map((line, at) => (at === index ? { ...line, quantity: String((parseQuantity(line.quantity) ?? 0) + 1) } : line));
    });
    setAnnouncement(t("form.added", { name: product.name }));
  };

  const updateLine = (productId: string, patch: Partial<Pick<Line, "quantity" | "discount">>) =>
    setLines((current) => current.map((line) => (line.product.id === productId ? { ...line, ...patch } : line)));

  const removeLine = (line: Line) => {
    setLines((current) => current.filter((other) => other.product.id !== line.product.id));
    setAnnouncement(t("form.removed", { name: line.product.name }));
    productSearch.current?.focus();
  };

  // The estimate.
  const figured = lines.map((line) => {
    const quantity = parseQuantity(line.quantity);
    const discount = line.discount.trim() === "" ? 0 : toMinorUnits(line.discount, currency);
    const amount = quantity !== null && discount !== null ? lineAmount({ quantity, unitPrice: line.product.price, discount }) : null;
    return { line, quantity, discount, amount };
  });
  const subtotal = figured.reduce((sum, line) => sum + (line.amount ?? 0), 0);
  const couponCounts = coupon?.valid === true && coupon.orderAmount === subtotal;
  const couponDiscount = couponCounts ? Math.min(coupon.discount, subtotal) : 0;
  const member = customer?.member ?? null;
  const canUsePoints = member?.status === "active";
  const step = pointsPerCurrencyUnit / gcd(pointsPerCurrencyUnit, 10 ** digits);
  const spendable = member ? Math.max(0, member.balance - (member.balance % step)) : 0;
  const maxPoints = canUsePoints ? Math.min(spendable, maxPointsFor(subtotal - couponDiscount, pointsPerCurrencyUnit, digits)) : 0;
  const pointsText = canUsePoints ? points.trim() : "";
  const pointsUsed = /^\d{1,8}$/.test(pointsText) ? Number(pointsText) : pointsText === "" ? 0 : null;
  const estimate = orderFigures({
    lineAmounts: figured.map((line) => line.amount ?? 0),
    couponDiscount,
    pointsUsed: pointsUsed ?? 0,
    pointsPerCurrencyUnit,
    currencyDigits: digits,
  });
  const pointsProblem =
    pointsUsed === null
      ? "validation.number"
      : "refusal" in estimate
        ? `validation.${estimate.refusal}`
        : member && pointsUsed > member.balance
          ? "validation.pointsShort"
          : null;
  const pointsValue = "refusal" in estimate ? 0 : estimate.pointsValue;
  const total = subtotal - couponDiscount - pointsValue;

  const checkCoupon = () => {
    if (!customer || !couponCode.trim()) return;
    setChecking(true);
    setCheckedAfter(state);
    lookups
      .coupon({ code: couponCode, customerId: customer.id, orderAmount: subtotal })
      .then(setCoupon)
      .catch(() => setCoupon({ valid: false, reason: "errors.unexpected" }))
      .finally(() => setChecking(false));
  };
  const couponError = checkedAfter !== state && errors.field("couponCode") ? errors.field("couponCode") : coupon?.valid === false ? say(coupon.reason) : undefined;
  const couponNote =
    coupon?.valid === true ? (couponCounts ? t("form.couponValid", { name: coupon.name, amount: money(Math.min(coupon.discount, subtotal)) }) : t("form.couponStale")) : undefined;

  const linesJson = JSON.stringify(lines.map((line) => ({ productId: line.product.id, quantity: line.quantity.trim(), discount: line.discount.trim() })));
  const tierName = (tier: { name: string; nameZh: string }) => (locale === "zh-CN" ? tier.nameZh : tier.name);
  const blockEnter = (event: KeyboardEvent) => {
    if (event.key === "Enter") event.preventDefault();
  };

  const summaryRow = (label: ReactNode, value: string, className = "") => (
    <div className={`flex items-baseline justify-between gap-3 py-1.5 ${className}`}>
      <dt className="text-slate-600">{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );

  return (
    <form action={formAction} noValidate className="grid gap-6 lg:grid-cols-3">
      <input type="hidden" name="lines" value={linesJson} />
      {deal && <input type="hidden" name="dealId" value={deal.id} />}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      <div className="min-w-0 space-y-6 lg:col-span-2">
        <FormAlert>{errors.form}</FormAlert>

        <Card className="space-y-5 p-5 sm:p-6" aria-labelledby="order-customer-heading">
          <h2 id="order-customer-heading" className="text-base font-semibold">
            {t("form.customerSection")}
          </h2>
          {deal && (
            <div className="rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-800">
              <p>{t("form.fromDeal", { number: deal.number, title: deal.title })}</p>
              {errors.field("dealId") && <p className="mt-1 text-red-700">{errors.field("dealId")}</p>}
            </div>
          )}
          <CustomerPicker id="order-customer" value={customer} onChange={chooseCustomer} search={lookups.customers} error={errors.field("customerId")} fixed={Boolean(deal)}>
            <p aria-live="polite">
              {loadingMember
                ? t("form.loadingMember")
                : member
                  ? member.status === "active"
                    ? t("form.member", { tier: tierName(member.tier), balance: member.balance })
                    : t("form.memberInactive", { status: t(`form.memberStatuses.${member.status}`) })
                  : t("form.notMember")}
            </p>
          </CustomerPicker>
          <div className="sm:w-56">
            <Field id="order-channel" label={t("form.channel")} error={errors.field("channel")} required>
              {(control) => (
                <select {...control} name="channel" value={channel} onChange={(event) => setChannel(event.target.value)} className={controlClass(Boolean(errors.field("channel")))}>
                  {channels.map((channel) => (
                    <option key={channel} value={channel}>
                      {t(`channels.${channel}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </Card>

        <Card className="space-y-4 p-5 sm:p-6" aria-labelledby="order-lines-heading">
          <h2 id="order-lines-heading" className="text-base font-semibold">
            {t("form.lines")}
          </h2>
          <SearchPicker<ProductOption>
            id="order-product"
            label={t("form.productSearch")}
            placeholder={t("form.productPlaceholder")}
            hint={t("form.productHint")}
            inputRef={productSearch}
            search={lookups.products}
            onPick={addProduct}
            labels={{ searching: t("form.searching"), none: t("form.noProducts") }}
            renderOption={(product) => (
              <span className="flex items-baseline justify-between gap-3">
                <span className="min-w-0">
                  <span className="block font-medium break-words text-slate-900">{product.name}</span>
                  <span className="font-mono text-xs text-slate-500">{product.sku}</span>
                </span>
                <span className="shrink-0 tabular-nums">{money(product.price)}</span>
              </span>
            )}
          />
          {lines.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">{t("form.noLines")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={t("form.lines")}>
              {figured.map(({ line, quantity, discount, amount }) => {
                const key = line.product.id;
                const quantityError = quantity === null ? say("validation.number") : undefined;
                const discountError = discount === null ? say("validation.amount") : amount === null && quantity !== null ? say("validation.discountTooLarge") : undefined;
                return (
                  <li key={key} className="grid gap-3 p-3 sm:grid-cols-[minmax(0,1fr)_6rem_8rem_7rem_auto] sm:items-start">
                    <div className="flex min-w-0 items-start justify-between gap-2 sm:block">
                      <div className="min-w-0 text-sm">
                        <p className="font-medium break-words text-slate-900">{line.product.name}</p>
                        <p className="text-xs text-slate-500">
                          <span className="font-mono">{line.product.sku}</span> · {t("form.each", { price: money(line.product.price) })}
                        </p>
                      </div>
                      <Button variant="ghost" className="shrink-0 px-2 sm:hidden" onClick={() => removeLine(line)} aria-label={t("form.remove", { name: line.product.name })}>
                        <Trash2 className="size-4" aria-hidden />
                      </Button>
                    </div>
                    <div className="grid grid-cols-[5rem_minmax(0,1fr)_auto] gap-3 sm:contents">
                      <Field id={`line-${key}-quantity`} label={t("form.quantity")} error={quantityError}>
                        {(control) => (
                          <input
                            {...control}
                            inputMode="numeric"
                            value={line.quantity}
                            onChange={(event) => updateLine(key, { quantity: event.target.value })}
                            onKeyDown={blockEnter}
                            className={controlClass(Boolean(quantityError), "tabular-nums")}
                          />
                        )}
                      </Field>
                      <Field id={`line-${key}-discount`} label={t("form.lineDiscount")} error={discountError}>
                        {(control) => (
                          <input
                            {...control}
                            inputMode="decimal"
                            placeholder="0"
                            value={line.discount}
                            onChange={(event) => updateLine(key, { discount: event.target.value })}
                            onKeyDown={blockEnter}
                            className={controlClass(Boolean(discountError), "tabular-nums")}
                          />
                        )}
                      </Field>
                      <div className="space-y-1 text-right">
                        <p className="text-sm font-medium text-slate-700">{t("form.lineAmount")}</p>
                        <p className="py-2 text-sm tabular-nums">{amount === null ? "—" : money(amount)}</p>
                      </div>
                    </div>
                    <Button variant="ghost" className="hidden px-2 sm:mt-6 sm:inline-flex" onClick={() => removeLine(line)} aria-label={t("form.remove", { name: line.product.name })}>
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
          {errors.field("lines") && (
            <p role="alert" className="text-sm text-red-600">
              {errors.field("lines")}
            </p>
          )}
        </Card>

        <Card className="space-y-5 p-5 sm:p-6" aria-labelledby="order-payment-heading">
          <h2 id="order-payment-heading" className="text-base font-semibold">
            {t("form.paymentSection")}
          </h2>
          <div className="space-y-1 sm:max-w-md">
            <Field id="order-coupon" label={t("form.coupon")} error={couponError} hint={customer ? undefined : t("form.couponNeedsCustomer")}>
              {(control) => (
                <div className="flex gap-2">
                  <input
                    {...control}
                    name="couponCode"
                    autoComplete="off"
                    autoCapitalize="characters"
                    maxLength={40}
                    value={couponCode}
                    onChange={(event) => {
                      setCouponCode(event.target.value);
                      setCoupon(null);
                    }}
                    onKeyDown={(event) => {
                      if (event.key !== "Enter") return;
                      event.preventDefault();
                      checkCoupon();
                    }}
                    className={controlClass(Boolean(couponError), "font-mono uppercase")}
                  />
                  <Button variant="secondary" onClick={checkCoupon} disabled={checking || !customer || !couponCode.trim()} className="shrink-0">
                    {checking ? t("form.couponChecking") : t("form.couponCheck")}
                  </Button>
                </div>
              )}
            </Field>
            {couponNote && (
              <p role="status" className={couponCounts ? "text-sm text-green-700" : "text-sm text-amber-800"}>
                {couponNote}
              </p>
            )}
          </div>
          {canUsePoints && member && (
            <div className="space-y-1 sm:max-w-md">
              <Field
                id="order-points"
                label={t("form.points")}
                hint={t("form.pointsHint", { balance: member.balance, max: maxPoints, rate: pointsPerCurrencyUnit, unit: money(10 ** digits) })}
                error={errors.field("pointsUsed") ?? (pointsProblem ? say(pointsProblem) : undefined)}
              >
                {(control) => (
                  <div className="flex gap-2">
                    <input
                      {...control}
                      name="pointsUsed"
                      inputMode="numeric"
                      placeholder="0"
                      value={points}
                      onChange={(event) => setPoints(event.target.value)}
                      onKeyDown={blockEnter}
                      className={controlClass(Boolean(errors.field("pointsUsed") ?? pointsProblem), "tabular-nums")}
                    />
                    <Button variant="secondary" className="shrink-0" disabled={maxPoints === 0} onClick={() => setPoints(String(maxPoints))}>
                      {t("form.pointsUseMax")}
                    </Button>
                  </div>
                )}
              </Field>
            </div>
          )}
          <Field id="order-note" label={t("form.note")} error={errors.field("note")}>
            {(control) => <textarea {...control} name="note" rows={3} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} className={controlClass(Boolean(errors.field("note")))} />}
          </Field>
        </Card>
      </div>

      <aside className="lg:sticky lg:top-6 lg:self-start" aria-labelledby="order-summary-heading">
        <Card className="p-5 sm:p-6">
          <h2 id="order-summary-heading" className="text-base font-semibold">
            {t("form.summary")}
          </h2>
          <dl className="mt-3 divide-y divide-slate-100 text-sm">
            {summaryRow(t("totals.subtotal"), money(subtotal))}
            {couponDiscount > 0 && summaryRow(t("totals.coupon"), `−${money(couponDiscount)}`)}
            {pointsValue > 0 && summaryRow(t("totals.pointsUsed", { points: pointsUsed ?? 0 }), `−${money(pointsValue)}`)}
            {summaryRow(<span className="font-medium text-slate-900">{t("totals.total")}</span>, money(total), "text-base font-semibold")}
          </dl>
          <p className="mt-2 text-xs text-slate-500">{t("form.summaryHint")}</p>
          <div className="mt-5 flex flex-wrap gap-3">
            <Button type="submit" disabled={pending} className="flex-1">
              {pending ? t("form.submitting") : t("form.submit")}
            </Button>
            <Link href={cancelHref as Route} className={buttonClass("secondary")}>
              {t("form.cancel")}
            </Link>
          </div>
        </Card>
      </aside>
    </form>
  );
}
