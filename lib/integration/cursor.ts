import { z } from "zod";

/**
 * Cursor pagination for API lists, newest first. A list is ordered by its records' sequential
 * number; the cursor is the opaque form of the last number a page held, so that records added
 * meanwhile never shift a page.
 */
export const encodeCursor = (number: number) => Buffer.from(`n${number}`).toString("base64url");

const cursorSchema = z
  .string()
  .max(40)
  .transform((value, context) => {
    const match = /^n(\d{1,15})$/.exec(Buffer.from(value, "base64url").toString());
    if (!match) {
      context.addIssue({ code: "custom", message: "validation.cursor" });
      return z.NEVER;
    }
    return Number(match[1]);
  });

export const pageParams = {
  /** `nextCursor` of the previous page; none for the first. */
  cursor: cursorSchema.optional().meta({ description: "The `nextCursor` of the previous page." }),
  limit: z.coerce.number({ error: "validation.number" }).int({ error: "validation.number" }).min(1, { error: "validation.tooSmall" }).max(100, { error: "validation.tooBig" }).default(25).meta({ description: "Records per page, at most 100." }),
};

export type PageParams = { cursor?: number; limit: number };

/** A page of `limit` from rows fetched with `limit + 1`: the extra row says there is a next page. */
export function pageOf<T extends { number: number }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.number) : null };
}

/** The answer of every list: `{ data, nextCursor }`. */
export const listOf = <S extends z.ZodType>(item: S) => z.object({ data: z.array(item), nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }) });
