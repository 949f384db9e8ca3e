import type { Permission } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/integration/scopes";

/**
 * What an entry point leaves in the audit log. `audit-coverage.test.ts` checks these claims against
 * the actions lib/ really writes, both ways: every claimed action is written somewhere, every
 * action written is claimed here (or written only by a background job or the CLI), and an entry
 * point without a claim only reads.
 */
export type AuditClaim = {
  /** The actions that record the change itself (where the input picks one of several, all of them). */
  audit?: string[];
  /** Further actions some calls write: a coupon used, points earned, a tier moved, an escalation. */
  mayAudit?: string[];
  /** Why a change this entry point makes has no audit row. */
  notAudited?: string;
};

/**
 * Who may call each entry point of the app: every export of a `"use server"` file (each is a public
 * endpoint) and every route handler. The domain functions enforce these rules; this list states
 * them in one place, and `entry-points.test.ts` calls every entry point as every role, as a member,
 * signed out and with API keys, and fails when the two disagree or an entry point is missing here.
 */
export type EntryRule = (
  /** Staff holding every one of these permissions; other staff are refused, members sent to their portal. */
  | { permission: Permission | Permission[] }
  /** Members, for their own records only; staff are sent to the back office. */
  | { portal: true }
  /** Anyone signed in: what each one gets is narrowed by the domain function (the reason says how). */
  | { signedIn: string }
  /** The REST API: a key holding this scope. */
  | { scope: Scope }
  /** Anyone, signed in or not: the reason says what protects it. */
  | { public: string }
) &
  AuditClaim;

export const entryPoints: Record<string, EntryRule> = {
  // Sign-in, sign-up and password help.
  "(auth)/login/actions.ts#signInAction": {
    public: "checks the password; throttled per account and per address",
    notAudited: "each attempt goes to sign_in_attempts (address, outcome, time), the log the throttle reads; an admin who must set up two-factor gets a secret kept aside until a code confirms it",
  },
  "(auth)/login/actions.ts#signInWithCodeAction": {
    public: "checks a code for the signed challenge only a right password gives; throttled with the passwords",
    mayAudit: ["user.two_factor_enable"],
    notAudited: "each attempt goes to sign_in_attempts, the log the throttle reads",
  },
  "(auth)/actions.ts#requestPasswordResetAction": { public: "answers the same for every address; three links an hour per account", audit: ["user.password_reset_requested"] },
  "(auth)/actions.ts#resetPasswordAction": { public: "needs the single-use token from the e-mail", audit: ["user.password_reset"] },
  "(staff)/actions.ts#signOutAction": { public: "ends the caller's own sessions, if any", audit: ["user.end_sessions"] },
  "(staff)/account/actions.ts#changePasswordAction": { signedIn: "staff change their own password, proving the current one", audit: ["user.password_change"] },
  "(staff)/account/actions.ts#startTwoFactorAction": { signedIn: "staff set up their own two-factor", notAudited: "a secret kept aside: signing in changes only when a code confirms it (confirmTwoFactorAction)" },
  "(staff)/account/actions.ts#cancelTwoFactorAction": { signedIn: "staff drop their own two-factor setup", notAudited: "drops a secret that was never confirmed; signing in is unchanged" },
  "(staff)/account/actions.ts#confirmTwoFactorAction": { signedIn: "staff turn on their own two-factor with a code from it", audit: ["user.two_factor_enable"] },
  "(staff)/account/actions.ts#disableTwoFactorAction": { signedIn: "staff turn off their own two-factor with the password and a code", audit: ["user.two_factor_disable"] },
  "actions.ts#setLocaleAction": { public: "sets the caller's language cookie", notAudited: "only the caller's cookie changes; nothing is stored" },
  // Consent as ticked on the form; the sign-up bonus when the programme gives one.
  "portal/(public)/actions.ts#signUpAction": { public: "anyone may join the programme", audit: ["customer.create", "user.create", "membership.enrol"], mayAudit: ["customer.consent_given", "points.earn"] },
  "portal/(public)/actions.ts#requestMemberPasswordResetAction": { public: "answers the same for every address; three links an hour per account", audit: ["user.password_reset_requested"] },
  "portal/(public)/actions.ts#resetMemberPasswordAction": { public: "needs the single-use token from the e-mail", audit: ["user.password_reset"] },
  "portal/(member)/actions.ts#portalSignOutAction": { public: "ends the caller's own sessions, if any", audit: ["user.end_sessions"] },
  "GET /api/auth/[...nextauth]": { public: "Auth.js: session, CSRF token and providers" },
  "POST /api/auth/[...nextauth]": { public: "Auth.js: sign-in and sign-out, CSRF-checked", mayAudit: ["user.end_sessions", "user.two_factor_enable"], notAudited: "a sign-in goes to sign_in_attempts, the log the throttle reads" },

  // Customers.
  "(staff)/customers/actions.ts#createCustomerAction": { permission: "customers.write", audit: ["customer.create"] },
  "(staff)/customers/actions.ts#updateCustomerAction": { permission: "customers.write", audit: ["customer.update"] },
  "(staff)/customers/actions.ts#recordConsentAction": { permission: "customers.write", audit: ["customer.consent_given", "customer.consent_withdrawn"] },
  "(staff)/customers/actions.ts#logActivityAction": { permission: "activities.write", audit: ["activity.create"] },
  "(staff)/customers/actions.ts#deleteCustomerAction": { permission: "customers.delete", audit: ["customer.delete"] },
  "(staff)/customers/actions.ts#restoreCustomerAction": { permission: "customers.delete", audit: ["customer.restore"] },
  "(staff)/customers/actions.ts#createSegmentAction": { permission: "segments.write", audit: ["segment.create"] },
  "(staff)/customers/actions.ts#deleteSegmentAction": { permission: "segments.write", audit: ["segment.delete"] },
  "(staff)/customers/actions.ts#eraseCustomerAction": { permission: "customers.privacy", audit: ["customer.erase"] },
  // The merged customer's membership moves across, or joins the kept one's (its points move as adjustments and may lift the tier).
  "(staff)/customers/actions.ts#mergeCustomersAction": { permission: "customers.merge", audit: ["customer.merge", "customer.merged_into"], mayAudit: ["membership.move", "membership.merge", "points.adjust", "membership.tier_upgrade"] },
  // One customer.update per customer changed, and one customer.bulk_update for the whole action.
  "(staff)/customers/actions.ts#bulkUpdateAction": { permission: "customers.write", audit: ["customer.bulk_update", "customer.update"] },
  "(staff)/customers/actions.ts#addContactAction": { permission: "customers.write", audit: ["customer.contact_added"] },
  "(staff)/customers/actions.ts#removeContactAction": { permission: "customers.write", audit: ["customer.contact_removed"] },
  "(staff)/customers/actions.ts#setTagColorAction": { permission: "tags.manage", audit: ["tag.color"] },
  "(staff)/customers/actions.ts#addChannelAction": { permission: "customers.write", audit: ["customer.channel_added"] },
  "(staff)/customers/actions.ts#removeChannelAction": { permission: "customers.write", audit: ["customer.channel_removed"] },
  "(staff)/customers/actions.ts#makeChannelPrimaryAction": { permission: "customers.write", audit: ["customer.update"] },
  "(staff)/customers/actions.ts#searchCustomersAction": { permission: "customers.read" },
  "(staff)/customers/import/actions.ts#startImportAction": { permission: "customers.import", audit: ["import.create"] },
  "(staff)/customers/import/actions.ts#checkImportAction": { permission: "customers.import", notAudited: "the dry run keeps only the mapping and its findings on the upload; customers change in runImportAction" },
  // The import job it queues then writes customer.import or customer.update per row.
  "(staff)/customers/import/actions.ts#runImportAction": { permission: "customers.import", audit: ["import.run"] },
  "GET /customers/export": { permission: "customers.export", audit: ["customer.export"] },
  "GET /customers/[customerId]/privacy-export": { permission: "customers.privacy", audit: ["customer.data_export"] },

  // Membership.
  // The sign-up bonus when the programme gives one.
  "(staff)/customers/member-actions.ts#enrolMemberAction": { permission: "membership.enrol", audit: ["membership.enrol"], mayAudit: ["points.earn"] },
  "(staff)/customers/member-actions.ts#adjustPointsAction": { permission: "points.adjust", audit: ["points.adjust"] },
  "(staff)/customers/member-actions.ts#redeemPointsAction": { permission: "points.redeem", audit: ["points.redeem"] },
  "(staff)/customers/member-actions.ts#setMembershipStatusAction": { permission: "membership.manage", audit: ["membership.freeze", "membership.reopen", "membership.close"] },
  "(staff)/customers/member-actions.ts#issueCouponAction": { permission: "coupons.issue", audit: ["coupon.issue"] },
  // A coupon bought with points gives them back.
  "(staff)/customers/member-actions.ts#voidCouponAction": { permission: "coupons.void", audit: ["coupon.void"], mayAudit: ["points.reverse"] },
  // A coupon the points bought is voided with them, recorded on the points.reverse row.
  "(staff)/customers/member-actions.ts#reverseRedemptionAction": { permission: "points.adjust", audit: ["points.reverse"], mayAudit: ["coupon.void"] },
  "(staff)/membership/actions.ts#createTierAction": { permission: "membership.manage", audit: ["tier.create"] },
  "(staff)/membership/actions.ts#updateTierAction": { permission: "membership.manage", audit: ["tier.update"] },
  "(staff)/membership/actions.ts#deleteTierAction": { permission: "membership.manage", audit: ["tier.delete"] },
  "(staff)/membership/actions.ts#createCampaignAction": { permission: "membership.manage", audit: ["campaign.create"] },
  "(staff)/membership/actions.ts#updateCampaignAction": { permission: "membership.manage", audit: ["campaign.update"] },
  "(staff)/membership/actions.ts#updateMembershipSettingsAction": { permission: "settings.manage", audit: ["settings.update"] },
  "(staff)/membership/coupons/actions.ts#createCouponTemplateAction": { permission: "membership.manage", audit: ["coupon_template.create"] },
  "(staff)/membership/coupons/actions.ts#updateCouponTemplateAction": { permission: "membership.manage", audit: ["coupon_template.update"] },
  // The batch job it queues then writes coupon.issue per member.
  "(staff)/membership/coupons/actions.ts#startCouponBatchAction": { permission: "coupons.issue", audit: ["coupon.batch_start"] },

  // Sales.
  "(staff)/orders/actions.ts#createOrderAction": { permission: "orders.write", audit: ["order.create"] },
  // The coupon used, the points paid with, the points earned (pending during a return window) and a tier reached.
  "(staff)/orders/actions.ts#payOrderAction": { permission: "orders.write", audit: ["order.pay"], mayAudit: ["coupon.redeem", "points.redeem", "points.earn", "points.pending", "membership.tier_upgrade"] },
  "(staff)/orders/actions.ts#fulfilOrderAction": { permission: "orders.write", audit: ["order.fulfil"] },
  "(staff)/orders/actions.ts#cancelOrderAction": { permission: "orders.write", audit: ["order.cancel"] },
  // Earned points taken back (or pending ones reduced), the points paid with given back, a tier lost.
  "(staff)/orders/actions.ts#refundOrderAction": { permission: "orders.refund", audit: ["order.refund"], mayAudit: ["points.reverse", "points.pending_refund", "membership.tier_refund"] },
  "(staff)/orders/actions.ts#orderCustomerAction": { permission: "customers.read" },
  "(staff)/orders/actions.ts#searchProductsAction": { permission: "products.read" },
  "(staff)/orders/actions.ts#checkCouponAction": { permission: "coupons.redeem" },
  "(staff)/sales/deals/actions.ts#createDealAction": { permission: "deals.write", audit: ["deal.create"] },
  // deal.reassign when the owner changes.
  "(staff)/sales/deals/actions.ts#updateDealAction": { permission: "deals.write", audit: ["deal.update"], mayAudit: ["deal.reassign"] },
  "(staff)/sales/deals/actions.ts#moveDealAction": { permission: "deals.write", audit: ["deal.move", "deal.won", "deal.lost"] },
  "(staff)/sales/deals/actions.ts#logDealActivityAction": { permission: ["activities.write", "deals.read"], audit: ["activity.create"] },
  "(staff)/sales/forecast/actions.ts#setTargetAction": { permission: "targets.manage", audit: ["target.set"] },
  "(staff)/sales/pipelines/actions.ts#createPipelineAction": { permission: "pipelines.manage", audit: ["pipeline.create"] },
  "(staff)/sales/pipelines/actions.ts#updatePipelineAction": { permission: "pipelines.manage", audit: ["pipeline.update"] },
  "(staff)/sales/products/actions.ts#createProductAction": { permission: "products.manage", audit: ["product.create"] },
  "(staff)/sales/products/actions.ts#updateProductAction": { permission: "products.manage", audit: ["product.update"] },
  "(staff)/sales/products/actions.ts#previewProductImportAction": { permission: "products.manage" },
  "(staff)/sales/products/actions.ts#importProductsAction": { permission: "products.manage", audit: ["product.import"] },
  // team.update for each team a member leaves to join this one.
  "(staff)/sales/teams/actions.ts#createTeamAction": { permission: "teams.manage", audit: ["team.create"], mayAudit: ["team.update"] },
  "(staff)/sales/teams/actions.ts#updateTeamAction": { permission: "teams.manage", audit: ["team.update"] },
  "(staff)/today/actions.ts#createTaskAction": { permission: "tasks.write", audit: ["task.create"] },
  "(staff)/today/actions.ts#updateTaskAction": { permission: "tasks.write", audit: ["task.update"] },
  "(staff)/today/actions.ts#completeTaskAction": { permission: "tasks.write", audit: ["task.complete"] },
  "(staff)/today/actions.ts#reopenTaskAction": { permission: "tasks.write", audit: ["task.reopen"] },
  "(staff)/today/actions.ts#deleteTaskAction": { permission: "tasks.write", audit: ["task.delete"] },

  // Service.
  // A complaint is escalated at once.
  "(staff)/tickets/actions.ts#createTicketAction": { permission: "tickets.write", audit: ["ticket.create"], mayAudit: ["ticket.escalate"] },
  "(staff)/tickets/actions.ts#replyToTicketAction": { permission: "tickets.write", audit: ["ticket.reply", "ticket.note"] },
  // A complaint solved with points compensation adjusts the member's points.
  "(staff)/tickets/actions.ts#changeTicketStatusAction": { permission: "tickets.write", audit: ["ticket.status"], mayAudit: ["points.adjust"] },
  "(staff)/tickets/actions.ts#updateTicketAction": { permission: "tickets.write", audit: ["ticket.update"], mayAudit: ["ticket.escalate"] },
  "(staff)/tickets/actions.ts#assignTicketAction": { permission: "tickets.assign", audit: ["ticket.assign"] },
  "(staff)/tickets/actions.ts#mergeTicketAction": { permission: "tickets.merge", audit: ["ticket.merge", "ticket.merge_in"] },
  "(staff)/tickets/actions.ts#fillCannedReplyAction": { permission: "tickets.read" },
  "(staff)/tickets/actions.ts#customerOrdersAction": { permission: "orders.read" },
  "(staff)/tickets/canned/actions.ts#createCannedReplyAction": { permission: "tickets.write", audit: ["canned_reply.create"] },
  "(staff)/tickets/canned/actions.ts#updateCannedReplyAction": { permission: "tickets.write", audit: ["canned_reply.update"] },
  "(staff)/tickets/canned/actions.ts#deleteCannedReplyAction": { permission: "tickets.write", audit: ["canned_reply.delete"] },
  "(staff)/tickets/settings/actions.ts#updateServiceSettingsAction": { permission: "service.manage", audit: ["settings.update"] },
  "GET /api/attachments/[attachmentId]": { signedIn: "staff who see the ticket, or the member whose ticket it is; anyone else gets 404" },

  // Reports.
  "GET /reports/export": { permission: "reports.read", audit: ["report.export"] },
  "GET /reports/sales/export": { permission: "reports.read", audit: ["report.export"] },
  "GET /reports/membership/export": { permission: "reports.read", audit: ["report.export"] },
  "GET /reports/service/export": { permission: "reports.read", audit: ["report.export"] },
  "GET /reports/rfm/export": { permission: "reports.read", audit: ["report.export"] },
  "GET /reports/cohorts/export": { permission: "reports.read", audit: ["report.export"] },

  // Administration and integration.
  "(staff)/settings/actions.ts#updateOrganisationAction": { permission: "settings.manage", audit: ["settings.update"] },
  "(staff)/settings/actions.ts#updateSessionSettingsAction": { permission: "settings.manage", audit: ["settings.update"] },
  "(staff)/settings/actions.ts#createCustomFieldAction": { permission: "settings.manage", audit: ["custom_field.create"] },
  "(staff)/settings/actions.ts#deleteCustomFieldAction": { permission: "settings.manage", audit: ["custom_field.delete"] },
  "(staff)/admin/api-keys/actions.ts#createApiKeyAction": { permission: "integrations.manage", audit: ["api_key.create"] },
  "(staff)/admin/api-keys/actions.ts#revokeApiKeyAction": { permission: "integrations.manage", audit: ["api_key.revoke"] },
  "(staff)/admin/jobs/actions.ts#retryJobAction": { permission: "jobs.manage", audit: ["job.retry"] },
  "(staff)/admin/webhooks/actions.ts#createWebhookEndpointAction": { permission: "integrations.manage", audit: ["webhook_endpoint.create"] },
  "(staff)/admin/webhooks/actions.ts#updateWebhookEndpointAction": { permission: "integrations.manage", audit: ["webhook_endpoint.update"] },
  "(staff)/admin/webhooks/actions.ts#setWebhookEndpointActiveAction": { permission: "integrations.manage", audit: ["webhook_endpoint.enable", "webhook_endpoint.disable"] },
  "(staff)/admin/webhooks/actions.ts#rotateWebhookSecretAction": { permission: "integrations.manage", audit: ["webhook_endpoint.rotate_secret"] },
  "(staff)/admin/webhooks/actions.ts#deleteWebhookEndpointAction": { permission: "integrations.manage", audit: ["webhook_endpoint.delete"] },
  "(staff)/admin/webhooks/actions.ts#redeliverWebhookAction": { permission: "integrations.manage", audit: ["webhook_delivery.redeliver"] },
  "(staff)/admin/webhooks/actions.ts#rotatePaymentSecretAction": { permission: "integrations.manage", audit: ["settings.update"] },
  "GET /api/events": { signedIn: "each event goes only to those whose permissions cover it; a member hears of their own membership and tickets" },
  // A paid or refunded order, as the event says, with what paying or refunding writes.
  "POST /api/webhooks/payments": { public: "signed by the payment provider with the shared secret; an unsigned or stale event is refused", audit: ["order.pay", "order.refund"], mayAudit: ["coupon.redeem", "points.redeem", "points.earn", "points.pending", "membership.tier_upgrade", "points.reverse", "points.pending_refund", "membership.tier_refund"], notAudited: "every event id is kept in payment_events with its outcome, also one that changed no order" },
  "GET /api/v1/openapi.json": { public: "describes the API and holds nothing private" },

  // The member portal.
  "portal/(member)/actions.ts#updateOwnProfileAction": { portal: true, audit: ["customer.update_own", "user.rename"] },
  "portal/(member)/actions.ts#setOwnConsentAction": { portal: true, audit: ["customer.consent_given", "customer.consent_withdrawn"] },
  "portal/(member)/actions.ts#exchangeForCouponAction": { portal: true, audit: ["coupon.issue", "points.redeem"] },
  "portal/(member)/tickets/actions.ts#openTicketAction": { portal: true, audit: ["ticket.create"], mayAudit: ["ticket.escalate"] },
  "portal/(member)/tickets/actions.ts#replyToTicketAction": { portal: true, audit: ["ticket.customer_reply"] },
  "portal/(member)/tickets/actions.ts#rateTicketAction": { portal: true, audit: ["ticket.rate"] },
  "GET /portal/profile/my-data": { portal: true, audit: ["customer.data_export"] },

  // The REST API.
  "GET /api/v1/customers": { scope: "customers:read" },
  "POST /api/v1/customers": { scope: "customers:write", audit: ["customer.create"] },
  "GET /api/v1/customers/[customerId]": { scope: "customers:read" },
  "PATCH /api/v1/customers/[customerId]": { scope: "customers:write", audit: ["customer.update"] },
  "DELETE /api/v1/customers/[customerId]": { scope: "customers:write", audit: ["customer.delete"] },
  "GET /api/v1/customers/[customerId]/membership": { scope: "membership:read" },
  "POST /api/v1/customers/[customerId]/membership": { scope: "membership:write", audit: ["membership.enrol"], mayAudit: ["points.earn"] },
  "GET /api/v1/customers/[customerId]/points": { scope: "membership:read" },
  "POST /api/v1/customers/[customerId]/points": { scope: "points:write", audit: ["points.adjust"] },
  "POST /api/v1/customers/[customerId]/points/redeem": { scope: "points:write", audit: ["points.redeem"] },
  "GET /api/v1/customers/[customerId]/coupons": { scope: "membership:read" },
  "POST /api/v1/coupons/validate": { scope: "orders:write" },
  "GET /api/v1/opportunities": { scope: "opportunities:read" },
  "POST /api/v1/opportunities": { scope: "opportunities:write", audit: ["deal.create"] },
  "GET /api/v1/opportunities/[opportunityId]": { scope: "opportunities:read" },
  "PATCH /api/v1/opportunities/[opportunityId]": { scope: "opportunities:write", audit: ["deal.update", "deal.move", "deal.won", "deal.lost"], mayAudit: ["deal.reassign"] },
  "POST /api/v1/orders": { scope: "orders:write", audit: ["order.create"] },
  "GET /api/v1/orders/[orderId]": { scope: "orders:read" },
  "POST /api/v1/orders/[orderId]/pay": { scope: "orders:write", audit: ["order.pay"], mayAudit: ["coupon.redeem", "points.redeem", "points.earn", "points.pending", "membership.tier_upgrade"] },
  "POST /api/v1/orders/[orderId]/refund": { scope: "orders:write", audit: ["order.refund"], mayAudit: ["points.reverse", "points.pending_refund", "membership.tier_refund"] },
  "GET /api/v1/tickets": { scope: "tickets:read" },
  "POST /api/v1/tickets": { scope: "tickets:write", audit: ["ticket.create"], mayAudit: ["ticket.escalate"] },
  "GET /api/v1/tickets/[ticketId]": { scope: "tickets:read" },
  "POST /api/v1/tickets/[ticketId]/messages": { scope: "tickets:write", audit: ["ticket.reply", "ticket.note"] },
};
