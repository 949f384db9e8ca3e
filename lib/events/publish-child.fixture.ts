/**
 * Test fixture: publishes one event from a process of its own, on the database in DATABASE_URL,
 * as another app instance would. Run by lib/events/stream.test.ts.
 */
import { closeDb, getDb } from "@/db/client";
import { publishEvent } from "./publish";

const [entityId] = process.argv.slice(2);
const db = await getDb();
await db.transaction((tx) => publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: entityId!, permission: "customers.read" }));
await closeDb();
