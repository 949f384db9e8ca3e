import { roleEnum } from "@/db/schema";
import { forbidden } from "@/lib/errors";
import { logSecurityEvent } from "@/lib/security-events";

export const roles = roleEnum.enumValues;
export type Role = (typeof roles)[number];
export const staffRoles = ["admin", "manager", "sales_rep", "support_agent"] as const satisfies readonly Role[];

/**
 * Who is acting: a signed-in user, or a process: one of our own (CLI, seed, jobs), which may do
 * anything, or another system calling the API with a key, which may do what the key's scopes allow.
 * Neither kind of process is bound to a team or an owner.
 */
export type Actor =
  | { kind: "user"; userId: string; role: Role; name: string; ip: string | null; /** A member's own customer record. */ customerId?: string }
  | { kind: "system"; name: string; ip?: string | null; apiKey?: { id: string; permissions: readonly Permission[] } };

/** The one table of who may do what. Every domain function checks one of these names. */
const matrix = {
  "customers.read": ["admin", "manager", "sales_rep", "support_agent"],
  "customers.write": ["admin", "manager", "sales_rep"],
  "customers.delete": ["admin"],
  /** Personal-data export and erasure on a customer's request. */
  "customers.privacy": ["admin"],
  "customers.export": ["admin", "manager", "sales_rep"],
  "customers.merge": ["admin", "manager"],
  "customers.import": ["admin", "manager"],
  "segments.write": ["admin", "manager", "sales_rep"],
  "tags.manage": ["admin", "manager"],
  "activities.write": ["admin", "manager", "sales_rep", "support_agent"],
  /** Unmasked e-mail addresses and phone numbers; without it they show as `138****5678`. */
  "customers.pii.read": ["admin", "manager", "sales_rep"],
  /** A member's tier, points and coupons, on the customer's page. */
  "membership.read": ["admin", "manager", "sales_rep", "support_agent"],
  "membership.enrol": ["admin", "manager", "sales_rep", "support_agent"],
  /** Tiers, earn rules, campaigns, coupon templates, and freezing or closing a membership. */
  "membership.manage": ["admin", "manager"],
  /** Points for a purchase (paying an order) and their reversal on a refund. */
  "points.earn": ["admin", "manager", "sales_rep", "support_agent"],
  "points.redeem": ["admin", "manager", "sales_rep", "support_agent"],
  /** Manual adjustments with a reason; support agents are capped per adjustment (a setting). */
  "points.adjust": ["admin", "manager", "support_agent"],
  "points.adjust.uncapped": ["admin", "manager"],
  "coupons.issue": ["admin", "manager", "support_agent"],
  "coupons.void": ["admin", "manager"],
  /** Taking a coupon off an order at the till or in the shop. */
  "coupons.redeem": ["admin", "manager", "sales_rep", "support_agent"],
  /** The catalogue. */
  "products.read": ["admin", "manager", "sales_rep", "support_agent"],
  "products.manage": ["admin", "manager"],
  /** Pipelines and their stages. */
  "pipelines.manage": ["admin"],
  /** Deals: a rep reads the team's and edits their own; a manager the teams they lead; an admin all. */
  "deals.read": ["admin", "manager", "sales_rep"],
  "deals.write": ["admin", "manager", "sales_rep"],
  /** Giving a deal to another owner (audited). */
  "deals.reassign": ["admin", "manager"],
  "orders.read": ["admin", "manager", "sales_rep", "support_agent"],
  /** Placing, paying, fulfilling and cancelling orders. */
  "orders.write": ["admin", "manager", "sales_rep"],
  "orders.refund": ["admin", "manager", "support_agent"],
  "tasks.write": ["admin", "manager", "sales_rep", "support_agent"],
  "teams.manage": ["admin"],
  /** Monthly sales targets per rep. */
  "targets.manage": ["admin", "manager"],
  "forecast.read": ["admin", "manager", "sales_rep"],
  /** The management dashboards: revenue, customers, membership, service and their exports. */
  "reports.read": ["admin", "manager"],
  /** A seller's own dashboard: their targets against what they won, their open deals and tasks. */
  "reports.own": ["admin", "manager", "sales_rep"],
  /** Tickets: agents and admins read all; managers and reps those of customers they see and of their teams. */
  "tickets.read": ["admin", "manager", "sales_rep", "support_agent"],
  /** Opening tickets, replying, internal notes, status, priority and category. */
  "tickets.write": ["admin", "manager", "support_agent"],
  /** Giving a ticket to someone else or to a team (anyone who writes tickets may take one). */
  "tickets.assign": ["admin", "manager", "support_agent"],
  "tickets.merge": ["admin", "manager", "support_agent"],
  /** SLA policies, the business calendar, service settings, and canned replies for everyone. */
  "service.manage": ["admin", "manager"],
  /** A member's own card, points, coupons, orders and profile in the portal. */
  "portal.use": ["member"],
  "audit.read": ["admin"],
  "settings.manage": ["admin"],
  "users.manage": ["admin"],
  "jobs.manage": ["admin"],
  "outbox.read": ["admin"],
  /** API keys, webhook subscriptions and the payment provider's signing secret. */
  "integrations.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof matrix;
export const permissionNames = Object.keys(matrix) as Permission[];

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === "system") return !actor.apiKey || actor.apiKey.permissions.includes(permission);
  return (matrix[permission] as readonly Role[]).includes(actor.role);
}

/** The roles that hold `permission`. */
export function rolesWith(permission: Permission): Role[] {
  return [...matrix[permission]];
}

/** Refuses, and logs the refusal, unless `actor` holds `permission`. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return;
  const who = actor.kind === "user" ? { userId: actor.userId } : "apiKey" in actor ? { apiKeyId: (actor as { apiKey: { id: string } }).apiKey.id } : {};
  logSecurityEvent({ event: "refused", ...who, ip: actor.ip ?? null, what: permission });
  throw forbidden();
}

export const systemActor = (name: string, ip: string | null = null): Actor => ({ kind: "system", name, ip });
