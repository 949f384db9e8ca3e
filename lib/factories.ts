import crypto from "node:crypto";
import { systemActor, type Actor, type Role } from "@/lib/auth/permissions";
import { createCustomer } from "@/lib/customers/commands";
import type { CustomerInput } from "@/lib/customers/schemas";
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
