import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, setConnection } from "../client";
import { openTestDatabase } from "./database";

// Each test file gets its own migrated database, so files never see each other's rows.
beforeAll(async () => {
  setConnection(await openTestDatabase(inject("databaseTemplate")));
});

afterAll(async () => {
  await closeDb();
});
