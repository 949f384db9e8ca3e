import "server-only";
import { z } from "zod";
import { databaseEnvSchema } from "@/db/env";

const envSchema = databaseEnvSchema.extend({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Signs session tokens. Without it a secret is generated once and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /** Where links in e-mails point. */
  APP_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  /** `smtp://user:pass@host:587` or `smtps://…`; unset keeps mail in the outbox. */
  SMTP_URL: z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional())
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default("Member CRM <no-reply@localhost>"),
  /** `false` keeps background jobs out of the app process (run `npm run worker` instead). */
  RUN_JOBS: z.enum(["true", "false"]).default("true"),
  /** `true` lets webhooks go to this machine (localhost, 127.0.0.1, [::1], also plain http) in production too: a receiver running beside the app. */
  WEBHOOKS_ALLOW_LOCAL: z.enum(["true", "false"]).default("false"),
});

function parseEnv() {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export const env = parseEnv();
