import "server-only";
import { z } from "zod";
import { databaseEnvSchema } from "@/db/env";

const envSchema = databaseEnvSchema.extend({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Signs session tokens. Without it a secret is generated once and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
});

function parseEnv() {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export const env = parseEnv();
