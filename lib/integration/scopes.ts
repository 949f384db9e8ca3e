import type { Permission } from "@/lib/auth/permissions";

/**
 * What an API key may do, by scope. A key acts for the whole organisation (no team or owner
 * limits); each scope grants the permissions its endpoints' domain functions check, and a
 * `:write` scope includes reading what it writes.
 */
export const scopePermissions = {
  "customers:read": ["customers.read", "customers.pii.read"],
  "customers:write": ["customers.read", "customers.pii.read", "customers.write", "customers.delete"],
  "membership:read": ["customers.read", "membership.read"],
  "membership:write": ["customers.read", "membership.read", "membership.enrol"],
  "points:write": ["customers.read", "membership.read", "points.adjust", "points.adjust.uncapped", "points.redeem"],
  "orders:read": ["customers.read", "orders.read", "products.read"],
  "orders:write": ["customers.read", "orders.read", "products.read", "orders.write", "orders.refund", "points.earn", "points.redeem", "coupons.redeem", "membership.read"],
  "tickets:read": ["customers.read", "tickets.read"],
  "tickets:write": ["customers.read", "tickets.read", "tickets.write"],
  "opportunities:read": ["customers.read", "deals.read"],
  "opportunities:write": ["customers.read", "deals.read", "deals.write", "deals.reassign"],
} as const satisfies Record<string, readonly Permission[]>;

export type Scope = keyof typeof scopePermissions;
export const scopes = Object.keys(scopePermissions) as [Scope, ...Scope[]];

/** What each scope lets a key do, as message keys, for the key form and the API reference. */
export const scopeDescriptions = {
  "customers:read": "apiKeys.scopeHints.customersRead",
  "customers:write": "apiKeys.scopeHints.customersWrite",
  "membership:read": "apiKeys.scopeHints.membershipRead",
  "membership:write": "apiKeys.scopeHints.membershipWrite",
  "points:write": "apiKeys.scopeHints.pointsWrite",
  "orders:read": "apiKeys.scopeHints.ordersRead",
  "orders:write": "apiKeys.scopeHints.ordersWrite",
  "tickets:read": "apiKeys.scopeHints.ticketsRead",
  "tickets:write": "apiKeys.scopeHints.ticketsWrite",
  "opportunities:read": "apiKeys.scopeHints.opportunitiesRead",
  "opportunities:write": "apiKeys.scopeHints.opportunitiesWrite",
} as const satisfies Record<Scope, `apiKeys.scopeHints.${string}`>;

/**
 * Whether keys with the `granted` scopes may call an operation that needs `needed`: that scope, or
 * the `:write` scope of the same resource. Operations are gated by scope names, never by the
 * permissions a scope happens to share with another (paying an order reads the member's balance,
 * but `orders:write` does not open the membership endpoints).
 */
export function scopeAllows(granted: readonly string[], needed: Scope): boolean {
  return granted.includes(needed) || (needed.endsWith(":read") && granted.includes(needed.replace(/:read$/, ":write")));
}

/** Every permission the scopes grant together: what the domain functions check. */
export function permissionsOf(granted: readonly string[]): Permission[] {
  return [...new Set(granted.flatMap((scope) => (scope in scopePermissions ? scopePermissions[scope as Scope] : [])))];
}
