import { createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/i18n/locales";
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";
import { html, type SafeHtml } from "./html";

const catalogs = { en, "zh-CN": zh } as const;

export type RenderedMail = { subject: string; html: string; text: string };

/** Each template's context, checked at compile time where mail is queued. */
export type MailTemplates = {
  passwordReset: { name: string; organisation: string; link: string; expiresInMinutes: number };
  tierChanged: { name: string; organisation: string; tier: string; upgrade: boolean; benefits: string; link: string };
  couponIssued: { name: string; organisation: string; coupon: string; code: string; expiresOn: string; link: string };
  pointsExpiring: { name: string; organisation: string; points: number; expiresOn: string; link: string };
  ticketReply: { name: string; organisation: string; ticket: string; subject: string; reply: string; link: string };
  ticketRating: { name: string; organisation: string; ticket: string; subject: string; link: string };
  /** Names the ticket by its number only: staff mailboxes keep no copy of what the customer wrote. */
  ticketEscalated: { name: string; organisation: string; ticket: string; reason: "complaint" | "breaching"; link: string };
};
export type MailTemplate = keyof MailTemplates;

function layout(title: string, organisation: string, body: SafeHtml): string {
  return html`<!doctype html>
<html>
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
  <body style="margin:0;background:#f8fafc;font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
      <table role="presentation" width="100%" style="max-width:560px;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px">
        <tr><td style="padding:24px 28px 8px;font-weight:600;color:#1d4ed8">${organisation}</td></tr>
        <tr><td style="padding:8px 28px 28px;font-size:15px;line-height:1.6">${body}</td></tr>
      </table>
    </td></tr></table>
  </body>
</html>`.value;
}

/** A short member notice: greeting, a line or two, and a button to the portal. */
function notice(
  t: (key: "subject" | "greeting" | "body" | "action", values?: Record<string, string | number>) => string,
  organisation: string,
  values: Record<string, string | number>,
  link: string,
  extra?: string,
): RenderedMail {
  const subject = t("subject", values);
  const body = html`
      <p>${t("greeting", values)}</p>
      <p>${t("body", values)}</p>
      ${extra ? html`<p style="color:#334155">${extra}</p>` : ""}
      <p style="margin:24px 0"><a href="${link}" style="background:#2563eb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${t("action")}</a></p>`;
  const text = [t("greeting", values), "", t("body", values), ...(extra ? ["", extra] : []), "", link].join("\n");
  return { subject, html: layout(subject, organisation, body), text };
}

const renderers: { [T in MailTemplate]: (context: MailTemplates[T], locale: Locale) => RenderedMail } = {
  passwordReset(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.passwordReset" });
    const values = { name: context.name, organisation: context.organisation, minutes: context.expiresInMinutes };
    const subject = t("subject", values);
    const body = html`
      <p>${t("greeting", values)}</p>
      <p>${t("body", values)}</p>
      <p style="margin:24px 0"><a href="${context.link}" style="background:#2563eb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${t("action")}</a></p>
      <p style="color:#475569;font-size:13px">${t("expiry", values)}<br>${t("ignore")}</p>
      <p style="color:#475569;font-size:13px;word-break:break-all">${context.link}</p>`;
    const text = [t("greeting", values), "", t("body", values), "", context.link, "", t("expiry", values), t("ignore")].join("\n");
    return { subject, html: layout(subject, context.organisation, body), text };
  },
  tierChanged(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.tierChanged" });
    const values = { name: context.name, organisation: context.organisation, tier: context.tier, direction: context.upgrade ? "up" : "down" };
    return notice(t, context.organisation, values, context.link, context.benefits || undefined);
  },
  couponIssued(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.couponIssued" });
    return notice(t, context.organisation, { name: context.name, organisation: context.organisation, coupon: context.coupon, code: context.code, expiresOn: context.expiresOn }, context.link);
  },
  pointsExpiring(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.pointsExpiring" });
    return notice(t, context.organisation, { name: context.name, organisation: context.organisation, points: context.points, expiresOn: context.expiresOn }, context.link);
  },
  ticketReply(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.ticketReply" });
    return notice(t, context.organisation, { name: context.name, ticket: context.ticket, subject: context.subject }, context.link, context.reply);
  },
  ticketRating(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.ticketRating" });
    return notice(t, context.organisation, { name: context.name, ticket: context.ticket, subject: context.subject }, context.link);
  },
  ticketEscalated(context, locale) {
    const t = createTranslator({ locale, messages: catalogs[locale], namespace: "mail.ticketEscalated" });
    return notice(t, context.organisation, { name: context.name, ticket: context.ticket, reason: context.reason }, context.link);
  },
};

export function renderMail<T extends MailTemplate>(template: T, context: MailTemplates[T], locale: Locale): RenderedMail {
  return renderers[template](context, locale);
}
