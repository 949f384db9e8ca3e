import { LifeBuoy, Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Fragment, type ReactNode } from "react";
import { AddChannelForm, ChannelButton } from "@/components/customers/channel-forms";
import { ConsentForm } from "@/components/customers/consent-form";
import { AddContactForm, RemoveContactButton } from "@/components/customers/contact-forms";
import { CustomerTimeline } from "@/components/customers/customer-timeline";
import { DeleteCustomer } from "@/components/customers/delete-customer";
import { EraseCustomer } from "@/components/customers/erase-customer";
import { LogActivityForm } from "@/components/customers/log-activity-form";
import { TagList } from "@/components/customers/tag-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { MemberCoupons } from "@/components/membership/member-coupons";
import { MemberPanel } from "@/components/membership/member-panel";
import { CustomerSales } from "@/components/sales/customer-sales";
import { TaskPanel } from "@/components/sales/task-panel";
import * as taskActions from "@/app/(staff)/today/actions";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { activityKinds, consentChannels, consentMethods } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listChannels } from "@/lib/customers/channels";
import { listContacts } from "@/lib/customers/contacts";
import { listCustomFields } from "@/lib/customers/custom-fields";
import { listConsentHistory } from "@/lib/customers/queries";
import { formatCustomerNumber, formatPhone } from "@/lib/customers/rules";
import { getTagColors } from "@/lib/customers/tags";
import { listTimeline } from "@/lib/customers/timeline";
import { listCouponTemplates, listMemberCoupons } from "@/lib/membership/coupons";
import { getMemberSummary, listOpenLots, listPointsHistory } from "@/lib/membership/queries";
import { getSetting } from "@/lib/settings/queries";
import { addChannelAction, addContactAction, deleteCustomerAction, eraseCustomerAction, logActivityAction, makeChannelPrimaryAction, recordConsentAction, removeChannelAction, removeContactAction } from "../actions";
import { adjustPointsAction, enrolMemberAction, issueCouponAction, redeemPointsAction, setMembershipStatusAction, voidCouponAction } from "../member-actions";
import { loadCustomer } from "./load";

export async function generateMetadata({ params }: PageProps<"/customers/[customerId]">): Promise<Metadata> {
  const actor = await requirePermission("customers.read");
  const customer = await loadCustomer(actor, (await params).customerId);
  return { title: customer.name };
}

const stageTone = { lead: "slate", prospect: "brand", customer: "green", churned: "red" } as const;

export default async function CustomerPage({ params, searchParams }: PageProps<"/customers/[customerId]">) {
  const actor = await requirePermission("customers.read");
  const customer = await loadCustomer(actor, (await params).customerId);
  const [t, format, locale, timeline, consents, contacts, customFields, channels, member] = await Promise.all([
    getTranslations("customers"),
    getFormatter(),
    getLocale(),
    listTimeline(actor, customer.id, await searchParams),
    listConsentHistory(actor, customer.id),
    customer.kind === "company" ? listContacts(actor, customer.id) : [],
    listCustomFields(),
    listChannels(actor, customer.id),
    loadMember(actor, customer.id),
  ]);
  const none = <span className="text-slate-400">—</span>;
  const canWrite = can(actor, "customers.write");
  const region = customer.country ? new Intl.DisplayNames([locale], { type: "region" }).of(customer.country) : null;
  const address = [customer.addressLine, customer.city, customer.province, customer.postalCode, region].filter(Boolean).join(", ");

  const item = (label: string, value: ReactNode) => (
    <div className="py-2.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{value || none}</dd>
    </div>
  );
  const contact = (value: string | null, href: string, shown: string | null) =>
    value && (customer.piiMasked ? value : <a href={href} className="text-brand-700 hover:underline">{shown}</a>);

  return (
    <>
      <LiveRefresh types={["customer.updated", "customer.activity_logged", "membership.enrolled", "ticket.changed"]} entityId={customer.id} />
      {member?.summary && <LiveRefresh types={["points.changed", "membership.tier_changed", "membership.updated", "coupon.issued", "coupon.redeemed", "coupon.voided"]} entityId={member.summary.membership.id} />}
      <BackLink href="/customers">{t("title")}</BackLink>
      <PageHeader
        title={customer.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{formatCustomerNumber(customer.number)}</span>
            <Badge>{t(`kinds.${customer.kind}`)}</Badge>
            <Badge tone={stageTone[customer.lifecycleStage]}>{t(`stages.${customer.lifecycleStage}`)}</Badge>
          </span>
        }
        actions={
          <>
            {can(actor, "tickets.write") && (
              <Link href={`/tickets/new?customerId=${customer.id}`} className={buttonClass("secondary")}>
                <LifeBuoy className="size-4" aria-hidden />
                {t("newTicket")}
              </Link>
            )}
            {canWrite && (
              <Link href={`/customers/${customer.id}/edit`} className={buttonClass("secondary")}>
                <Pencil className="size-4" aria-hidden />
                {t("edit")}
              </Link>
            )}
            {can(actor, "customers.delete") && <DeleteCustomer action={deleteCustomerAction} id={customer.id} name={customer.name} />}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card className="px-5 py-3">
            <h2 className="sr-only">{t("sections.profile")}</h2>
            <dl className="divide-y divide-slate-100">
              {item(t("fields.email"), contact(customer.email, `mailto:${customer.email}`, customer.email))}
              {item(t("fields.phone"), contact(customer.phone, `tel:${customer.phone}`, customer.phone && formatPhone(customer.phone)))}
              {(channels.length > 0 || canWrite) &&
                item(
                  t("channels.title"),
                  <>
                    {channels.length > 0 && (
                      <ul className="space-y-1">
                        {channels.map((channel) => (
                          <li key={channel.id} className="flex flex-wrap items-center gap-x-3">
                            <span>
                              {channel.kind === "phone" && !customer.piiMasked ? formatPhone(channel.value) : channel.value}
                              {channel.label && <span className="text-slate-500"> · {channel.label}</span>}
                            </span>
                            {canWrite && (
                              <>
                                <ChannelButton action={makeChannelPrimaryAction} id={channel.id} label={t("channels.makePrimary")} />
                                <ChannelButton action={removeChannelAction} id={channel.id} label={t("channels.remove")} confirm={t("channels.confirmRemove", { value: channel.value })} />
                              </>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    {canWrite && <AddChannelForm action={addChannelAction} customerId={customer.id} />}
                  </>,
                )}
              {item(t("fields.owner"), customer.ownerName)}
              {item(t("fields.source"), t(`sources.${customer.source}`))}
              {customer.kind === "person" && (
                <>
                  {item(t("fields.birthday"), customer.birthday && format.dateTime(new Date(`${customer.birthday}T00:00:00Z`), { dateStyle: "long", timeZone: "UTC" }))}
                  {item(t("fields.gender"), customer.gender && t(`genders.${customer.gender}`))}
                </>
              )}
              {item(t("fields.address"), address)}
              {item(t("fields.tags"), customer.tags.length > 0 && <TagList tags={customer.tags} colors={await getTagColors()} />)}
              {customFields.map((field) => (
                <Fragment key={field.key}>
                  {item(field.label, customer.customFields[field.key] !== undefined && String(customer.customFields[field.key]))}
                </Fragment>
              ))}
              {item(t("fields.notes"), customer.notes && <span className="whitespace-pre-wrap">{customer.notes}</span>)}
              {item(t("fields.createdAt"), format.dateTime(customer.createdAt, "dateTime"))}
            </dl>
          </Card>
          <CustomerSales actor={actor} customerId={customer.id} currency={(await getSetting("organisation")).currency} />
          {member && (
            <MemberPanel
              actor={actor}
              customerId={customer.id}
              {...member}
              actions={{ enrol: enrolMemberAction, adjust: adjustPointsAction, redeem: redeemPointsAction, status: setMembershipStatusAction }}
            />
          )}
          {member?.summary && (
            <MemberCoupons
              customerId={customer.id}
              coupons={member.coupons}
              templates={member.templates}
              canIssue={can(actor, "coupons.issue")}
              canVoid={can(actor, "coupons.void")}
              actions={{ issue: issueCouponAction, void: voidCouponAction }}
            />
          )}
          {customer.kind === "company" && (
            <Card className="p-5">
              <h2 className="text-base font-semibold">{t("contacts.heading")}</h2>
              {contacts.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">{t("contacts.none")}</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100">
                  {contacts.map((contact) => (
                    <li key={contact.id} className="flex items-start justify-between gap-3 py-2.5 text-sm">
                      <div className="min-w-0">
                        <p className="font-medium">
                          {contact.name} {contact.isPrimary && <Badge tone="brand">{t("contacts.primary")}</Badge>}
                        </p>
                        {contact.title && <p className="text-slate-600">{contact.title}</p>}
                        <p className="truncate text-xs text-slate-500">
                          {[contact.email, contact.phone && (customer.piiMasked ? contact.phone : formatPhone(contact.phone))].filter(Boolean).join(" · ")}
                        </p>
                      </div>
                      {canWrite && <RemoveContactButton action={removeContactAction} id={contact.id} name={contact.name} />}
                    </li>
                  ))}
                </ul>
              )}
              {canWrite && <AddContactForm action={addContactAction} companyId={customer.id} />}
            </Card>
          )}
          <Card className="p-5">
            <h2 className="text-base font-semibold">{t("sections.consent")}</h2>
            {consentChannels.map((channel) => {
              const granted = channel === "email" ? customer.emailConsent : customer.smsConsent;
              return (
                <div key={channel} className="mt-4 border-t border-slate-100 pt-4 first-of-type:border-0">
                  <p className="flex items-center justify-between text-sm">
                    <span className="font-medium">{t(`consent.${channel}`)}</span>
                    <Badge tone={granted ? "green" : "slate"}>{granted ? t("consent.granted") : t("consent.withdrawn")}</Badge>
                  </p>
                  {canWrite && (
                    <ConsentForm
                      action={recordConsentAction}
                      customerId={customer.id}
                      channel={channel}
                      granted={granted}
                      methods={consentMethods.map((value) => ({ value, label: t(`consent.methods.${value}`) }))}
                    />
                  )}
                </div>
              );
            })}
            <details className="mt-4 text-sm">
              <summary className="cursor-pointer text-brand-700">{t("consent.history")}</summary>
              {consents.length === 0 ? (
                <p className="mt-2 text-slate-500">{t("consent.noHistory")}</p>
              ) : (
                <ul className="mt-2 space-y-1 text-slate-700">
                  {consents.map(({ consent, recordedByName }) => (
                    <li key={consent.id}>
                      {format.dateTime(consent.createdAt, "dateTime")} · {t(`consent.${consent.channel}`)} ·{" "}
                      {consent.granted ? t("consent.granted") : t("consent.withdrawn")} · {t(`consent.methods.${consent.method}`)}
                      {recordedByName && <> · {recordedByName}</>}
                      {consent.note && <span className="block text-xs text-slate-500">{consent.note}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </details>
          </Card>
          {can(actor, "customers.privacy") && (
            <Card className="p-5">
              <h2 className="text-base font-semibold">{t("privacy.title")}</h2>
              <p className="mt-1 text-sm text-slate-600">{t("privacy.intro")}</p>
              <div className="mt-4 flex flex-wrap gap-3">
                <a href={`/customers/${customer.id}/privacy-export`} className={buttonClass("secondary")} download>
                  {t("privacy.export")}
                </a>
                <EraseCustomer action={eraseCustomerAction} id={customer.id} name={customer.name} />
              </div>
            </Card>
          )}
        </div>
        <div className="space-y-6 lg:col-span-2">
          <TaskPanel actor={actor} link={{ customerId: customer.id }} actions={taskActions} />
          <CustomerTimeline
            customerId={customer.id}
            entries={timeline.entries}
            nextCursor={timeline.nextCursor}
            kind={timeline.params.kind}
            paged={Boolean(timeline.params.before)}
            form={
              can(actor, "activities.write") && (
                <LogActivityForm
                  action={logActivityAction}
                  about={{ customerId: customer.id }}
                  kinds={activityKinds.map((value) => ({ value, label: t(`timeline.activityKinds.${value}`) }))}
                />
              )
            }
          />
        </div>
      </div>
    </>
  );
}

/** The member side of the page, for staff who may see it. */
async function loadMember(actor: Parameters<typeof getMemberSummary>[0], customerId: string) {
  if (!can(actor, "membership.read")) return null;
  const [summary, lots, history, organisation, membership, coupons, templates] = await Promise.all([
    getMemberSummary(actor, customerId),
    listOpenLots(actor, customerId),
    listPointsHistory(actor, customerId, {}),
    getSetting("organisation"),
    getSetting("membership"),
    listMemberCoupons(actor, customerId),
    can(actor, "coupons.issue") ? listCouponTemplates(actor) : [],
  ]);
  return {
    summary,
    lots,
    recent: history?.rows.slice(0, 5) ?? [],
    currency: organisation.currency,
    agentCap: membership.agentAdjustCap,
    coupons,
    templates: templates.filter((template) => template.active).map((template) => ({ id: template.id, name: template.name })),
  };
}
