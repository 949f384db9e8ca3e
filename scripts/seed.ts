/** `npm run db:seed`: the demo organisation, on the database that the environment names. */
import { closeDb, getDb } from "@/db/client";
import { demoPassword, demoStaff, seedDemo } from "@/lib/demo/seed";

try {
  await getDb();
  await seedDemo();
  console.log("\nSign in at http://localhost:3000/login with any of these (password for all: %s):", demoPassword);
  for (const person of demoStaff) console.log(`  ${person.role.padEnd(14)} ${person.email}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
