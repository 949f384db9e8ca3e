import "server-only";
import { sealAuditJob } from "@/lib/audit/chain";
import { importCustomersJob } from "@/lib/customers/import";
import { pruneIdempotencyKeysJob } from "@/lib/integration/idempotency";
import { deliverWebhookJob } from "@/lib/integration/webhooks";
import { sendMailJob } from "@/lib/mail/jobs";
import { issueCouponBatchJob } from "@/lib/membership/coupons";
import { birthdayBonusJob, expireCouponsJob, expirePointsJob, expiryRemindersJob, releasePendingJob, reviewTiersJob } from "@/lib/membership/jobs";
import { refreshDealReportJob } from "@/lib/reports/deals-rollup";
import { refreshMembershipReportJob } from "@/lib/reports/points-rollup";
import { refreshReportsJob } from "@/lib/reports/refresh";
import { refreshServiceReportJob } from "@/lib/reports/service-rollup";
import { checkSlaJob, closeSolvedJob } from "@/lib/service/jobs";
import type { JobDefinition, JobSchedule } from "./define";
import { pruneEventsJob, pruneJobsJob } from "./maintenance";

/** Every kind of job a worker can run. */
export const jobDefinitions: JobDefinition[] = [
  sendMailJob,
  importCustomersJob,
  pruneEventsJob,
  pruneJobsJob,
  expirePointsJob,
  birthdayBonusJob,
  reviewTiersJob,
  expireCouponsJob,
  issueCouponBatchJob,
  expiryRemindersJob,
  releasePendingJob,
  checkSlaJob,
  closeSolvedJob,
  deliverWebhookJob,
  pruneIdempotencyKeysJob,
  refreshReportsJob,
  refreshMembershipReportJob,
  refreshServiceReportJob,
  refreshDealReportJob,
  sealAuditJob,
] as JobDefinition[];

/** Recurring work, in the organisation's time zone. */
export const jobSchedules: JobSchedule[] = [
  { name: "events.prune", cron: "15 3 * * *", job: pruneEventsJob },
  { name: "jobs.prune", cron: "30 3 * * *", job: pruneJobsJob },
  { name: "points.expire", cron: "5 0 * * *", job: expirePointsJob },
  { name: "tiers.review", cron: "20 0 * * *", job: reviewTiersJob },
  { name: "points.birthday", cron: "0 8 * * *", job: birthdayBonusJob },
  { name: "coupons.expire", cron: "10 0 * * *", job: expireCouponsJob },
  { name: "points.expiry_reminders", cron: "0 10 * * *", job: expiryRemindersJob },
  { name: "points.release_pending", cron: "15 * * * *", job: releasePendingJob },
  { name: "tickets.sla_check", cron: "*/5 * * * *", job: checkSlaJob },
  { name: "tickets.close_solved", cron: "40 0 * * *", job: closeSolvedJob },
  { name: "api.prune_idempotency_keys", cron: "45 3 * * *", job: pruneIdempotencyKeysJob },
  { name: "reports.refresh", cron: "* * * * *", job: refreshReportsJob },
  { name: "reports.membership_refresh", cron: "* * * * *", job: refreshMembershipReportJob },
  { name: "reports.service_refresh", cron: "* * * * *", job: refreshServiceReportJob },
  { name: "reports.deals_refresh", cron: "* * * * *", job: refreshDealReportJob },
  { name: "audit.seal", cron: "* * * * *", job: sealAuditJob },
];
