import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { users } from "@/db/schema";

export async function findUserByEmail(email: string, db?: Database) {
  const database = db ?? (await getDb());
  const [user] = await database
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return user ?? null;
}

export async function findUserById(id: string, db?: Database) {
  const database = db ?? (await getDb());
  const [user] = await database.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

/** Roles that may own customers: the ones that work them. */
const ownerRoles = ["admin", "manager", "sales_rep"] as const;

/** Active staff who may own customers, by name, for owner pickers. */
export async function listAssignableOwners(db?: Database) {
  const database = db ?? (await getDb());
  return database
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, [...ownerRoles])))
    .orderBy(asc(users.name));
}

export async function isAssignableOwner(id: string, db: Database): Promise<boolean> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true), inArray(users.role, [...ownerRoles])));
  return Boolean(user);
}
