import crypto from "node:crypto";
import { systemActor, type Actor, type Role } from "@/lib/auth/permissions";
import { createCustomer } from "@/lib/customers/commands";
import type { CustomerInput } from "@/lib/customers/schemas";
import { earnPointsForOrder, enrolMember, isPending, reversePointsForRefund } from "@/lib/membership/commands";
import { signUpMember } from "@/lib/membership/portal";
import { createTier, listTiers } from "@/lib/membership/programme";
import { createProduct } from "@/lib/sales/products";
import { createUser, type PublicUser } from "@/lib/users/commands";

/** Builders shared by the tests and the demo seed; each goes through the domain functions. */
export const seedActor = systemActor("seed");

const unique = () => crypto.randomBytes(4).toString("hex");

export async function makeUser(
  role: Role,
  overrides: { email?: string; name?: string; password?: string } = {},
): Promise<PublicUser & { password: string }> {
  const password = overrides.password ?? `pw-${unique()}-${unique()}`;
  const user = await createUser(seedActor, {
    email: overrides.email ?? `${role}-${unique()}@example.test`,
    name: overrides.name ?? `Test ${role} ${unique()}`,
    role,
    password,
  });
  return { ...user, password };
}

export function actorOf(user: Pick<PublicUser, "id" | "role" | "name">, ip: string | null = "203.0.113.7"): Actor {
  return { kind: "user", userId: user.id, role: user.role, name: user.name, ip };
}

export async function makeActor(role: Role): Promise<Actor> {
  return actorOf(await makeUser(role));
}

export function makeCustomer(actor: Actor, overrides: Partial<CustomerInput> = {}) {
  return createCustomer(actor, { name: `Customer ${unique()}`, ...overrides });
}

/** The four tiers of the demo programme (spend in yuan or qualifying points over 12 months). */
export const demoTiers = [
  { rank: 0, name: "Bronze", nameZh: "青铜", multiplier: 1, benefits: "Earn 1 point per ¥1.", benefitsZh: "每消费 1 元积 1 分。" },
  { rank: 1, name: "Silver", nameZh: "白银", minSpend: "2000", minPoints: 2000, multiplier: 1.25, benefits: "Earn 1.25× points; birthday gift.", benefitsZh: "积分 1.25 倍；生日礼。" },
  { rank: 2, name: "Gold", nameZh: "黄金", minSpend: "8000", minPoints: 8000, multiplier: 1.5, benefits: "Earn 1.5× points; free delivery.", benefitsZh: "积分 1.5 倍；免运费。" },
  { rank: 3, name: "Platinum", nameZh: "铂金", minSpend: "20000", minPoints: 20000, multiplier: 2, benefits: "Earn 2× points; priority service.", benefitsZh: "积分 2 倍；优先服务。" },
];

/** The demo tiers, unless tiers exist already. */
export async function makeTiers() {
  if ((await listTiers()).length === 0) {
    for (const tier of demoTiers) await createTier(seedActor, tier);
  }
  return listTiers();
}

/** A customer enrolled as a member (with the demo tiers in place). */
export async function makeMember(actor: Actor = seedActor, overrides: Partial<CustomerInput> = {}) {
  await makeTiers();
  const customer = await makeCustomer(actor.kind === "system" ? actor : seedActor, overrides);
  const membership = await enrolMember(actor, customer.id);
  return { customer, membership };
}

/** A member who signed up in the portal, and the actor their portal session acts as. */
export async function makeMemberAccount(overrides: { name?: string; email?: string } = {}) {
  await makeTiers();
  const email = overrides.email ?? `member-${unique()}@example.com`;
  const password = `pw-${unique()}-${unique()}`;
  const { membership } = await signUpMember(
    { name: overrides.name ?? `Member ${unique()}`, email, password, confirm: password, terms: "on" },
    { ip: null, locale: "en" },
  );
  const actor: Actor = { kind: "user", userId: membership.userId!, role: "member", name: email, ip: null, customerId: membership.customerId };
  return { actor, membership, email };
}

/** Points for a paid order that are in the ledger at once (no return window): what most tests need. */
export async function earnNow(actor: Actor, input: Parameters<typeof earnPointsForOrder>[1]) {
  const result = await earnPointsForOrder(actor, input);
  if (isPending(result)) throw new Error("Expected points at once, but they are pending.");
  return result;
}

/** A refund's reversal of points that were already in the ledger. */
export async function refundNow(actor: Actor, input: Parameters<typeof reversePointsForRefund>[1]) {
  const result = await reversePointsForRefund(actor, input);
  if (isPending(result)) throw new Error("Expected a ledger reversal, but the points were pending.");
  return result;
}

/** A catalogue product; the price in major units of the organisation currency. */
export function makeProduct(overrides: { sku?: string; name?: string; category?: string; price?: string; active?: boolean } = {}) {
  const id = unique();
  return createProduct(seedActor, { sku: `SKU-${id}`, name: `Product ${id}`, price: "99", active: true, ...overrides });
}
