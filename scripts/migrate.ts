/** `npm run db:migrate`: brings the database that the environment names to the latest schema. */
import { connectFromEnv } from "@/db/client";

const connection = await connectFromEnv({ migrate: true }).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
await connection.close();
console.log(`Migrated the ${connection.kind === "pglite" ? "embedded database" : "PostgreSQL database"}.`);
