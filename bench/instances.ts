/**
 * What more app instances give on this machine: 1, then 2, … `--instances` copies of `next start`
 * against the bench database that DATABASE_URL names (filled by `npm run bench` first), with jobs
 * off in all of them, loaded together with the same total of connections (split evenly, as a load
 * balancer would) for API reads by id and for the customer page as HTML. Reports the throughput of
 * all instances together and the worst instance's p95 and p99.
 * Run: DATABASE_URL=postgres://…/crm_bench npm run bench:instances -- --instances 2
 */
import crypto from "node:crypto";
import postgres from "postgres";
import { z } from "zod";
import { closeDb, connectPostgres, setConnection } from "@/db/client";
import { systemActor } from "@/lib/auth/permissions";
import { createApiKey } from "@/lib/integration/api-keys";
import { benchPassword, cycle, signIn, startApp, type AppServer } from "./app";
import { parseFlags } from "./args";
import { loadUrl, type Load, type Throughput } from "./ceilings";
import { benchPeople } from "./data";

const args = parseFlags(
  process.argv.slice(2),
  z.strictObject({
    instances: z.coerce.number().int().min(1).max(8).default(2),
    seconds: z.coerce.number().positive().max(600).default(20),
    warmup: z.coerce.number().min(0).max(600).default(5),
    connections: z.coerce.number().int().positive().max(1000).default(50),
    port: z.coerce.number().int().min(1024).max(65000).default(3400),
  }),
);
const url = z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must name the bench's PostgreSQL database.").parse(process.env.DATABASE_URL);

const connection = await connectPostgres(url, { max: 4 });
setConnection(connection);
const sql = postgres(url, { max: 2, onnotice: () => {} });

try {
  const people = await benchPeople(sql);
  const password = await benchPassword(sql, [people.admin.id]);
  const { secret } = await createApiKey(systemActor("bench"), { name: `Bench instances ${Date.now()}`, scopes: ["customers:read"], rateLimitPerMinute: 100_000 });
  const ids = ((await sql`select id from customers where deleted_at is null order by random() limit 1000`) as unknown as { id: string }[]).map((row) => row.id);
  const authSecret = crypto.randomBytes(32).toString("base64url");

  console.log(`${args.connections} connections in all for ${args.seconds} s after ${args.warmup} s of warm-up, jobs off:`);
  for (let count = 1; count <= args.instances; count++) {
    const apps: AppServer[] = [];
    try {
      for (let i = 0; i < count; i++) apps.push(await startApp(url, args.port + i, { authSecret, env: { RUN_JOBS: "false" } }));
      const cookie = await signIn(apps[0]!.url, "admin@bench.example", password);
      const load: Load = { connections: Math.ceil(args.connections / count), seconds: args.seconds, warmupSeconds: args.warmup };
      const together = async (name: string, headers: Record<string, string>, path: (id: string) => string) => {
        const results = await Promise.all(
          apps.map((app) => {
            const nextId = cycle(ids);
            return loadUrl(app.url, load, { headers, next: () => ({ path: path(nextId()) }) });
          }),
        );
        const total = (pick: (result: Throughput) => number, combine: (values: number[]) => number) => combine(results.map(pick));
        console.log(
          `  ${String(count).padStart(2)} instance${count === 1 ? " " : "s"}  ${name.padEnd(30)} ${total((r) => r.perSecond, (v) => v.reduce((a, b) => a + b, 0)).toFixed(0).padStart(7)} req/s` +
            `  p95 ${total((r) => r.p95, (v) => Math.max(...v)).toFixed(1).padStart(7)} ms  p99 ${total((r) => r.p99, (v) => Math.max(...v)).toFixed(1).padStart(7)} ms  errors ${total((r) => r.errors, (v) => v.reduce((a, b) => a + b, 0))}`,
        );
      };
      await together("GET /api/v1/customers/{id}", { authorization: `Bearer ${secret}` }, (id) => `/api/v1/customers/${id}`);
      await together("customer page /customers/{id}", { cookie, accept: "text/html" }, (id) => `/customers/${id}`);
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
    }
  }
} finally {
  await sql.end();
  await closeDb();
}
