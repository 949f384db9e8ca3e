import type { Permission } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/integration/scopes";

/**
 * Who may call each entry point of the app: every export of a `"use server"` file (each is a public
 * endpoint) and every route handler. The domain functions enforce these rules; this list states
 * them in one place, and `entry-points.test.ts` calls every entry point as every role, as a member,
 * signed out and with API keys, and fails when the two disagree or an entry point is missing here.
 */
export type EntryRule =
  /** Staff holding every one of these permissions; other staff are refused, members sent to their portal. */
  | { permission: Permission | Permission[] }
  /** Members, for their own records only; staff are sent to the back office. */
  | { portal: true }
  /** Anyone signed in: what each one gets is narrowed by the domain function (the reason says how). */
  | { signedIn: string }
  /** The REST API: a key holding this scope. */
  | { scope: Scope }
  /** Anyone, signed in or not: the reason says what protects it. */
  | { public: string };

export const entryPoints: Record<string, EntryRule> = {
  // Sign-in, sign-up and password help.
  "(auth)/login/actions.ts#signInAction": { public: "checks the password; throttled per account and per address" },
  "(auth)/actions.ts#requestPasswordResetAction": { public: "answers the same for every address; three links an hour per account" },
  "(auth)/actions.ts#resetPasswordAction": { public: "needs the single-use token from the e-mail" },
  "(staff)/actions.ts#signOutAction": { public: "ends the caller's own sessions, if any" },
  "actions.ts#setLocaleAction": { public: "sets the caller's language cookie" },
  "portal/(public)/actions.ts#signUpAction": { public: "anyone may join the programme" },
  "portal/(public)/actions.ts#requestMemberPasswordResetAction": { public: "answers the same for every address; three links an hour per account" },
  "portal/(public)/actions.ts#resetMemberPasswordAction": { public: "needs the single-use token from the e-mail" },
  "portal/(member)/actions.ts#portalSignOutAction": { public: "ends the caller's own sessions, if any" },
  "GET /api/auth/[...nextauth]": { public: "Auth.js: session, CSRF token and providers" },
  "POST /api/auth/[...nextauth]": { public: "Auth.js: sign-in and sign-out, CSRF-checked" },

  // Customers.
  "(staff)/customers/actions.ts#createCustomerAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#updateCustomerAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#recordConsentAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#logActivityAction": { permission: "activities.write" },
  "(staff)/customers/actions.ts#deleteCustomerAction": { permission: "customers.delete" },
  "(staff)/customers/actions.ts#restoreCustomerAction": { permission: "customers.delete" },
  "(staff)/customers/actions.ts#createSegmentAction": { permission: "segments.write" },
  "(staff)/customers/actions.ts#deleteSegmentAction": { permission: "segments.write" },
  "(staff)/customers/actions.ts#eraseCustomerAction": { permission: "customers.privacy" },
  "(staff)/customers/actions.ts#mergeCustomersAction": { permission: "customers.merge" },
  "(staff)/customers/actions.ts#bulkUpdateAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#addContactAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#removeContactAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#setTagColorAction": { permission: "tags.manage" },
  "(staff)/customers/actions.ts#addChannelAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#removeChannelAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#makeChannelPrimaryAction": { permission: "customers.write" },
  "(staff)/customers/actions.ts#searchCustomersAction": { permission: "customers.read" },
  "(staff)/customers/import/actions.ts#startImportAction": { permission: "customers.import" },
  "(staff)/customers/import/actions.ts#checkImportAction": { permission: "customers.import" },
  "(staff)/customers/import/actions.ts#runImportAction": { permission: "customers.import" },
  "GET /customers/export": { permission: "customers.export" },
  "GET /customers/[customerId]/privacy-export": { permission: "customers.privacy" },

  // Membership.
  "(staff)/customers/member-actions.ts#enrolMemberAction": { permission: "membership.enrol" },
  "(staff)/customers/member-actions.ts#adjustPointsAction": { permission: "points.adjust" },
  "(staff)/customers/member-actions.ts#redeemPointsAction": { permission: "points.redeem" },
  "(staff)/customers/member-actions.ts#setMembershipStatusAction": { permission: "membership.manage" },
  "(staff)/customers/member-actions.ts#issueCouponAction": { permission: "coupons.issue" },
  "(staff)/customers/member-actions.ts#voidCouponAction": { permission: "coupons.void" },
  "(staff)/customers/member-actions.ts#reverseRedemptionAction": { permission: "points.adjust" },
  "(staff)/membership/actions.ts#createTierAction": { permission: "membership.manage" },
  "(staff)/membership/actions.ts#updateTierAction": { permission: "membership.manage" },
  "(staff)/membership/actions.ts#deleteTierAction": { permission: "membership.manage" },
  "(staff)/membership/actions.ts#createCampaignAction": { permission: "membership.manage" },
  "(staff)/membership/actions.ts#updateCampaignAction": { permission: "membership.manage" },
  "(staff)/membership/actions.ts#updateMembershipSettingsAction": { permission: "settings.manage" },
  "(staff)/membership/coupons/actions.ts#createCouponTemplateAction": { permission: "membership.manage" },
  "(staff)/membership/coupons/actions.ts#updateCouponTemplateAction": { permission: "membership.manage" },
  "(staff)/membership/coupons/actions.ts#startCouponBatchAction": { permission: "coupons.issue" },

  // Sales.
  "(staff)/orders/actions.ts#createOrderAction": { permission: "orders.write" },
  "(staff)/orders/actions.ts#payOrderAction": { permission: "orders.write" },
  "(staff)/orders/actions.ts#fulfilOrderAction": { permission: "orders.write" },
  "(staff)/orders/actions.ts#cancelOrderAction": { permission: "orders.write" },
  "(staff)/orders/actions.ts#refundOrderAction": { permission: "orders.refund" },
  "(staff)/orders/actions.ts#orderCustomerAction": { permission: "customers.read" },
  "(staff)/orders/actions.ts#searchProductsAction": { permission: "products.read" },
  "(staff)/orders/actions.ts#checkCouponAction": { permission: "coupons.redeem" },
  "(staff)/sales/deals/actions.ts#createDealAction": { permission: "deals.write" },
  "(staff)/sales/deals/actions.ts#updateDealAction": { permission: "deals.write" },
  "(staff)/sales/deals/actions.ts#moveDealAction": { permission: "deals.write" },
  "(staff)/sales/deals/actions.ts#logDealActivityAction": { permission: ["activities.write", "deals.read"] },
  "(staff)/sales/forecast/actions.ts#setTargetAction": { permission: "targets.manage" },
  "(staff)/sales/pipelines/actions.ts#createPipelineAction": { permission: "pipelines.manage" },
  "(staff)/sales/pipelines/actions.ts#updatePipelineAction": { permission: "pipelines.manage" },
  "(staff)/sales/products/actions.ts#createProductAction": { permission: "products.manage" },
  "(staff)/sales/products/actions.ts#updateProductAction": { permission: "products.manage" },
  "(staff)/sales/products/actions.ts#previewProductImportAction": { permission: "products.manage" },
  "(staff)/sales/products/actions.ts#importProductsAction": { permission: "products.manage" },
  "(staff)/sales/teams/actions.ts#createTeamAction": { permission: "teams.manage" },
  "(staff)/sales/teams/actions.ts#updateTeamAction": { permission: "teams.manage" },
  "(staff)/today/actions.ts#createTaskAction": { permission: "tasks.write" },
  "(staff)/today/actions.ts#updateTaskAction": { permission: "tasks.write" },
  "(staff)/today/actions.ts#completeTaskAction": { permission: "tasks.write" },
  "(staff)/today/actions.ts#reopenTaskAction": { permission: "tasks.write" },
  "(staff)/today/actions.ts#deleteTaskAction": { permission: "tasks.write" },

  // Service.
  "(staff)/tickets/actions.ts#createTicketAction": { permission: "tickets.write" },
  "(staff)/tickets/actions.ts#replyToTicketAction": { permission: "tickets.write" },
  "(staff)/tickets/actions.ts#changeTicketStatusAction": { permission: "tickets.write" },
  "(staff)/tickets/actions.ts#updateTicketAction": { permission: "tickets.write" },
  "(staff)/tickets/actions.ts#assignTicketAction": { permission: "tickets.assign" },
  "(staff)/tickets/actions.ts#mergeTicketAction": { permission: "tickets.merge" },
  "(staff)/tickets/actions.ts#fillCannedReplyAction": { permission: "tickets.read" },
  "(staff)/tickets/actions.ts#customerOrdersAction": { permission: "orders.read" },
  "(staff)/tickets/canned/actions.ts#createCannedReplyAction": { permission: "tickets.write" },
  "(staff)/tickets/canned/actions.ts#updateCannedReplyAction": { permission: "tickets.write" },
  "(staff)/tickets/canned/actions.ts#deleteCannedReplyAction": { permission: "tickets.write" },
  "(staff)/tickets/settings/actions.ts#updateServiceSettingsAction": { permission: "service.manage" },
  "GET /api/attachments/[attachmentId]": { signedIn: "staff who see the ticket, or the member whose ticket it is; anyone else gets 404" },

  // Reports.
  "GET /reports/export": { permission: "reports.read" },
  "GET /reports/sales/export": { permission: "reports.read" },
  "GET /reports/membership/export": { permission: "reports.read" },
  "GET /reports/service/export": { permission: "reports.read" },
  "GET /reports/rfm/export": { permission: "reports.read" },
  "GET /reports/cohorts/export": { permission: "reports.read" },

  // Administration and integration.
  "(staff)/settings/actions.ts#updateOrganisationAction": { permission: "settings.manage" },
  "(staff)/settings/actions.ts#createCustomFieldAction": { permission: "settings.manage" },
  "(staff)/settings/actions.ts#deleteCustomFieldAction": { permission: "settings.manage" },
  "(staff)/admin/api-keys/actions.ts#createApiKeyAction": { permission: "integrations.manage" },
  "(staff)/admin/api-keys/actions.ts#revokeApiKeyAction": { permission: "integrations.manage" },
  "(staff)/admin/jobs/actions.ts#retryJobAction": { permission: "jobs.manage" },
  "(staff)/admin/webhooks/actions.ts#createWebhookEndpointAction": { permission: "integrations.manage" },
  "(staff)/admin/webhooks/actions.ts#updateWebhookEndpointAction": { permission: "integrations.manage" },
  "(staff)/admin/webhooks/actions.ts#setWebhookEndpointActiveAction": { permission: "integrations.manage" },
  "(staff)/admin/webhooks/actions.ts#rotateWebhookSecretAction": { permission: "integrations.manage" },
  "(staff)/admin/webhooks/actions.ts#deleteWebhookEndpointAction": { permission: "integrations.manage" },
  "(staff)/admin/webhooks/actions.ts#redeliverWebhookAction": { permission: "integrations.manage" },
  "(staff)/admin/webhooks/actions.ts#rotatePaymentSecretAction": { permission: "integrations.manage" },
  "GET /api/events": { signedIn: "each event goes only to those whose permissions cover it; a member hears of their own membership and tickets" },
  "POST /api/webhooks/payments": { public: "signed by the payment provider with the shared secret; an unsigned or stale event is refused" },
  "GET /api/v1/openapi.json": { public: "describes the API and holds nothing private" },

  // The member portal.
  "portal/(member)/actions.ts#updateOwnProfileAction": { portal: true },
  "portal/(member)/actions.ts#setOwnConsentAction": { portal: true },
  "portal/(member)/actions.ts#exchangeForCouponAction": { portal: true },
  "portal/(member)/tickets/actions.ts#openTicketAction": { portal: true },
  "portal/(member)/tickets/actions.ts#replyToTicketAction": { portal: true },
  "portal/(member)/tickets/actions.ts#rateTicketAction": { portal: true },
  "GET /portal/profile/my-data": { portal: true },

  // The REST API.
  "GET /api/v1/customers": { scope: "customers:read" },
  "POST /api/v1/customers": { scope: "customers:write" },
  "GET /api/v1/customers/[customerId]": { scope: "customers:read" },
  "PATCH /api/v1/customers/[customerId]": { scope: "customers:write" },
  "DELETE /api/v1/customers/[customerId]": { scope: "customers:write" },
  "GET /api/v1/customers/[customerId]/membership": { scope: "membership:read" },
  "POST /api/v1/customers/[customerId]/membership": { scope: "membership:write" },
  "GET /api/v1/customers/[customerId]/points": { scope: "membership:read" },
  "POST /api/v1/customers/[customerId]/points": { scope: "points:write" },
  "POST /api/v1/customers/[customerId]/points/redeem": { scope: "points:write" },
  "GET /api/v1/customers/[customerId]/coupons": { scope: "membership:read" },
  "POST /api/v1/coupons/validate": { scope: "orders:write" },
  "GET /api/v1/opportunities": { scope: "opportunities:read" },
  "POST /api/v1/opportunities": { scope: "opportunities:write" },
  "GET /api/v1/opportunities/[opportunityId]": { scope: "opportunities:read" },
  "PATCH /api/v1/opportunities/[opportunityId]": { scope: "opportunities:write" },
  "POST /api/v1/orders": { scope: "orders:write" },
  "GET /api/v1/orders/[orderId]": { scope: "orders:read" },
  "POST /api/v1/orders/[orderId]/pay": { scope: "orders:write" },
  "POST /api/v1/orders/[orderId]/refund": { scope: "orders:write" },
  "GET /api/v1/tickets": { scope: "tickets:read" },
  "POST /api/v1/tickets": { scope: "tickets:write" },
  "GET /api/v1/tickets/[ticketId]": { scope: "tickets:read" },
  "POST /api/v1/tickets/[ticketId]/messages": { scope: "tickets:write" },
};
