import { format } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as customersRoute from "@/app/api/v1/customers/route";
import { getDb } from "@/db/client";
import { jobs } from "@/db/schema";
import { verifySignIn } from "@/lib/auth/sign-in";
import { loggableError } from "@/lib/errors";
import { actorOf, makeUser } from "@/lib/factories";
import { createApiKey } from "@/lib/integration/api-keys";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { createJobRunner } from "@/lib/jobs/runner";
import { defineJob, type JobDefinition } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";

// What the server writes to its log (SECURITY.md): failures with an id, never passwords, keys or
// the personal data a failed query was about. Everything written to the console is captured while
// secrets seeded for the purpose go through the paths that log, and then searched for them.
const written: string[] = [];
const methods = ["log", "info", "warn", "error", "debug"] as const;
beforeAll(() => {
  for (const method of methods) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(format(...args)));
});
afterAll(() => vi.restoreAllMocks());

const secret = {
  email: "private.person.7731@example.cn",
  phone: "+86 139 7731 0042",
  name: "Explode Privately",
  wrongPassword: "my wrong guess 88231",
};

describe("the server's log", () => {
  it("names a failed query, its error id and its SQL, but none of the values it was about", async () => {
    const db = await getDb();
    // A failure the app does not expect, on the customer insert that carries the personal data.
    await db.execute(sql`create or replace function test_refuse_customer() returns trigger language plpgsql as $$
      begin if new.name = ${sql.raw(`'${secret.name}'`)} then raise exception 'refused for the test' using detail = 'for ' || new.email; end if; return new; end $$`);
    await db.execute(sql`create trigger test_refuse_customer before insert on customers for each row execute function test_refuse_customer()`);
    try {
      const key = await makeApiKey(["customers:write"]);
      const answer = await callApi(customersRoute.POST, { key, path: "/customers", body: { name: secret.name, email: secret.email, phone: secret.phone } });
      expect(answer.status).toBe(500);
      const logged = written.join("\n");
      expect(logged).toContain(`[error ${answer.body.error.errorId}]`);
      expect(logged).toContain("insert into \"customers\"");
      expect(logged).toContain("params: (not logged)");
      // Nor the key that sent it.
      expect(logged).not.toContain(key);
    } finally {
      await db.execute(sql`drop trigger test_refuse_customer on customers`);
      await db.execute(sql`drop function test_refuse_customer()`);
    }
  });

  it("keeps the values out of a failed job's row and log line too", async () => {
    const db = await getDb();
    const failing = defineJob({
      name: "test.leaky_failure",
      payload: z.object({ email: z.string() }),
      maxAttempts: 1,
      async run({ email }, { db: jobDb }) {
        await jobDb.execute(sql`select ${email}::uuid`);
      },
    });
    const runner = createJobRunner({ db, workerId: "logs-test", definitions: [failing as JobDefinition], log: (line) => console.warn(line) });
    await enqueue(db, failing, { email: secret.email });
    await runner.drain();
    const [row] = await db.select().from(jobs).where(eq(jobs.name, failing.name));
    expect(row!.status).toBe("dead");
    expect(row!.lastError).toContain("invalid input syntax for type uuid");
    expect(row!.lastError).not.toContain(secret.email);
    expect(written.join("\n")).toContain("test.leaky_failure");
  });

  it("holds no password tried at sign-in, and no seeded personal data or secret anywhere", async () => {
    const user = await makeUser("sales_rep");
    await verifySignIn({ email: user.email, password: secret.wrongPassword, ip: "198.51.100.77" });
    await verifySignIn({ email: user.email, password: user.password, ip: "198.51.100.77" });
    const logged = written.join("\n");
    expect(written.length).toBeGreaterThan(0);
    for (const value of [secret.email, secret.phone.replace(/\s/g, ""), "139 7731 0042", secret.wrongPassword, user.password]) expect(logged).not.toContain(value);
  });
});

describe("loggableError", () => {
  it("keeps the kind, SQL, code and stack of a failure and its causes, and drops the values", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: "23505", constraint_name: "users_email_key", detail: `Key (lower(email))=(${secret.email}) already exists.` });
    const failed = new Error(`Failed query: insert into "users" ("email") values ($1)\nparams: ${secret.email},hunter2-secret`, { cause });
    const logged = format(loggableError(failed));
    expect(logged).toContain('Failed query: insert into "users" ("email") values ($1)');
    expect(logged).toContain("users_email_key");
    expect(logged).toContain("23505");
    expect(logged).toContain("at ");
    expect(logged).not.toContain(secret.email);
    expect(logged).not.toContain("hunter2-secret");
    expect(format(loggableError(new Error(`invalid input syntax for type uuid: "${secret.phone}"`)))).not.toContain(secret.phone);
    expect(format(loggableError(`a thrown ${secret.email}`))).not.toContain(secret.email);
  });
});

describe("security events", () => {
  it("are logged one JSON line each, in UTC, naming the account by id and the address, never the e-mail", async () => {
    const user = await makeUser("support_agent");
    written.length = 0;
    await verifySignIn({ email: user.email, password: secret.wrongPassword, ip: "198.51.100.78" });
    await verifySignIn({ email: "nobody.here@example.test", password: secret.wrongPassword, ip: "198.51.100.79" });
    const key = await makeApiKey(["tickets:read"]);
    expect((await callApi(customersRoute.POST, { key, path: "/customers", body: { name: "Not allowed" } })).status).toBe(403);
    await expect(createApiKey(actorOf(user), { name: "Not mine", scopes: ["tickets:read"] })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const events = written.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([
      { at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), security: "sign_in_failed", userId: user.id, ip: "198.51.100.78" },
      { at: expect.any(String), security: "sign_in_failed", userId: null, ip: "198.51.100.79" },
      { at: expect.any(String), security: "refused", apiKeyId: expect.stringMatching(/^[0-9a-f-]{36}$/), ip: null, what: "customers:write" },
      { at: expect.any(String), security: "refused", userId: user.id, ip: "203.0.113.7", what: "integrations.manage" },
    ]);
    const logged = written.join("\n");
    for (const value of [user.email, "nobody.here@example.test", secret.wrongPassword, key]) expect(logged).not.toContain(value);
  });
});
