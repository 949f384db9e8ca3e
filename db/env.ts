import path from "node:path";
import { z } from "zod";

/**
 * The database half of the environment. `lib/env.ts` extends it for the app; `db/` reads only this,
 * so the data layer never imports from `lib/`.
 */
export const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(
      z
        .url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgres:// or postgresql:// URL" })
        .optional(),
    )
    .optional(),
  DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .default(".data")
    .transform((dir) => path.resolve(dir)),
});

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

export function readDatabaseEnv(source: NodeJS.ProcessEnv = process.env): DatabaseEnv {
  const parsed = databaseEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid database configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
