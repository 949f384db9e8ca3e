/**
 * The messages that client components translate, by namespace: every page carries these to the
 * browser, so the rest of the catalog (reports, audit, e-mails, the API reference, …) stays on the
 * server, where server components translate it. Serialising the whole catalog into each page was
 * most of the server's time for a small page. A test reads every client component and fails when
 * one uses a namespace this list leaves out.
 */
export const clientNamespaces = [
  // Error keys that forms and the board translate from what the server answered.
  "errors",
  "validation",
  "webhooks.validation",
  "webhooks.errors",
  // What client components ask for, by `useTranslations(…)`.
  "account.password",
  "account.twoFactor",
  "apiKeys",
  "board",
  "common.files",
  "customers",
  "deals",
  "errorPage",
  "forecast.target",
  "jobs",
  "login",
  "member",
  "membershipAdmin.campaigns",
  "membershipAdmin.coupons",
  "membershipAdmin.settings",
  "membershipAdmin.tiers",
  "orders",
  "passwordReset",
  "pipelines",
  "portal.auth",
  "portal.profile",
  "portal.rewards",
  "portalTickets.form",
  "portalTickets.rating",
  "portalTickets.reply",
  "products",
  "roles",
  "serviceAdmin.canned",
  "serviceAdmin.settings",
  "settings",
  "tasks",
  "teams",
  "tickets",
  "webhooks.form",
  "webhooks.secretField",
] as const;

type Catalog = { [key: string]: string | Catalog };

/** The parts of `messages` that `namespaces` (dotted paths) name, in the catalog's shape. */
export function pickMessages(messages: Catalog, namespaces: readonly string[]): Catalog {
  const picked: Catalog = {};
  for (const namespace of namespaces) {
    const path = namespace.split(".");
    let from: string | Catalog | undefined = messages;
    let to = picked;
    for (const [index, part] of path.entries()) {
      from = typeof from === "object" ? from[part] : undefined;
      // Missing, or inside a namespace picked whole already.
      if (from === undefined || to[part] === from) break;
      if (index === path.length - 1) to[part] = from;
      else to = (to[part] ??= {}) as Catalog;
    }
  }
  return picked;
}
