import "server-only";
import { eq, sql } from "drizzle-orm";
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
