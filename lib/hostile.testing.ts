import { sql } from "drizzle-orm";
import fc from "fast-check";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";

/**
 * For tests: input that no field expects — injection and markup payloads, Unicode edge cases,
 * extreme and malformed numbers and dates, wrong types and huge values — as fast-check arbitraries,
 * shared by the API's and the domain functions' hostile-input properties.
 */

/** The seed every hostile-input property starts from, so that a run can be repeated exactly. */
export const hostileSeed = 20_261_125;

/** A seed of its own for each named property, so that adding one does not change the others' inputs. */
export function seedFor(name: string): number {
  let hash = hostileSeed;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

export const injectionPayloads = [
  "'; drop table customers; --",
  "' or 1=1 --",
  '" or ""="',
  "1; select pg_sleep(5); --",
  "$$; delete from audit_log; $$",
  "%",
  "_",
  "\\",
  "%' or '%'='",
  "<img src=x onerror=alert(1)>",
  '<img src=x onerror="window.__xss=1">',
  "<script>alert(1)</script>",
  "</textarea><svg onload=alert(1)>",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(document.cookie)",
  "data:text/html,<script>alert(1)</script>",
  "{{7*7}}",
  "${7*7}",
  "../../../../etc/passwd",
  "=HYPERLINK(\"http://example.test\")",
  "+cmd|' /C calc'!A0",
] as const;

export const unicodePayloads = [
  "\u202Eevil\u202C.exe",
  "\u2066isolate\u2069",
  "a\u200Db",
  "\u200B",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇨🇳🇺🇸",
  "e\u0301\u0302\u0303\u0304\u0305",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "\uFEFFbom",
  "\u2028line\u2029",
  "\r\n",
  "\t",
  "  padded  ",
  "\u3000全角\u3000",
  "\u00A0",
  "𝕳𝖊𝖑𝖑𝖔",
  "李伟 Wei",
  "مرحبا",
  "\uFFFD",
  "\uFFFF",
  "a\u0000b",
  "\u0000",
  "\uD800",
  "x\uDFFF",
  "\uD83D",
  "\uDE00\uD83D",
] as const;

export const numericStrings = [
  "0",
  "-0",
  "-1",
  "1.5",
  "0.001",
  "1e309",
  "-1e309",
  "9007199254740993",
  "99999999999999999999999",
  "2147483648",
  "-2147483649",
  "9223372036854775808",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "1_000",
  "1,000.50",
  "١٢٣",
  "  12  ",
  "12abc",
  "1e-400",
] as const;

export const datePayloads = [
  "2026-02-30",
  "2026-02-29",
  "2024-02-29",
  "0000-00-00",
  "0000-01-01",
  "0001-01-01",
  "1899-12-31",
  "9999-12-31",
  "+275760-09-13",
  "-271821-04-20",
  "+275760-09-13T00:00:00.000Z",
  "-100000-01-01T00:00:00Z",
  "10000-01-01",
  "2026-13-01",
  "2026-1-1",
  "2026-01-01T25:00",
  "2026-01-01T00:00:00+14:00",
  "2026-01-01T00:00:00-12:00",
  "2026-03-29T02:30",
  "1969-12-31T23:59:59Z",
  "2026-01-01T00:00",
] as const;

export const idLikeStrings = [
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "{3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c}",
  "3F1C2A9E-8B7D-4C6E-9A5B-1D2E3F4A5B6C",
  "3f1c2a9e8b7d4c6e9a5b1d2e3f4a5b6c",
  "me",
  "auto",
  "none",
  "1",
  "-1",
] as const;

/** Strings that are not valid UTF-16: stored text could not come back as it was sent. */
export const hasLoneSurrogate = (value: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);

/** A string of `length` repetitions of a character that may take several bytes. */
const longString = fc
  .tuple(fc.constantFrom(40, 41, 100, 101, 120, 121, 200, 201, 500, 501, 2000, 2001, 5000, 5001, 20_000, 20_001, 100_000, 1_100_000), fc.constantFrom("x", "é", "字", "😀", " ", "<"))
  .map(([length, char]) => char.repeat(length));

/** Any hostile string: payloads, random Unicode, long ones and their mixes. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...injectionPayloads, ...unicodePayloads, ...numericStrings, ...datePayloads, ...idLikeStrings), weight: 6 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }), weight: 1 },
  { arbitrary: fc.constantFrom("", " ", "   ", "\n"), weight: 1 },
  { arbitrary: longString, weight: 1 },
  {
    arbitrary: fc
      .array(fc.constantFrom(...injectionPayloads, ...unicodePayloads), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join(" ")),
    weight: 2,
  },
);

/** Hostile strings that are still well-formed UTF-16 (a URL path or a form cannot carry the others). */
export const wellFormedHostileString = hostileString.filter((value) => !hasLoneSurrogate(value));

/** A JSON token written as it is, for numbers JavaScript cannot hold (`1e309`, `-0`, 2⁵³ + 1). */
export type RawJson = { readonly rawJson: string };
const raw = (token: string): RawJson => ({ rawJson: token });
const isRaw = (value: unknown): value is RawJson => typeof value === "object" && value !== null && "rawJson" in value && Object.keys(value).length === 1;

export const hostileNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 1.5, -0.5, 100, 101, 1e21, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, 10_000_000, 10_000_001),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom("1e309", "-1e309", "-0", "9007199254740993", "9223372036854775808", "123456789012345678901234567890", "1e-400", "1E2", "0.1e1").map(raw),
);

/** Field names no schema has, among them the ones that poison prototypes. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "role", "balance", "id", "createdAt", "deletedAt", "number", "isAdmin", "", " ", "name ", "NAME", "a.b", "0"),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Any JSON value a client could send in a field: strings, numbers, wrong types, nested junk. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: hostileString, weight: 8 },
    { arbitrary: hostileNumber, weight: 4 },
    { arbitrary: fc.constantFrom(null, true, false), weight: 2 },
    { arbitrary: fc.array(tie("value"), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.oneof(hostileKey, fc.constantFrom("$gt", "$ne", "__proto__")), tie("value"), { maxKeys: 3 }), weight: 1 },
  ),
})).value;

/** `value` as JSON text, with raw tokens written as they are. */
export function toJsonText(value: unknown): string {
  if (isRaw(value)) return value.rawJson;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** `value` as the server's `JSON.parse` of `toJsonText(value)` sees it. */
export const asParsed = (value: unknown): unknown => JSON.parse(toJsonText(value));

/** Request bodies that are not JSON at all, or not the JSON object an operation takes. */
export const nonJsonBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("{ not json", "{\"a\":", "[1,2", "'single'", "undefined", "NaN", "{\"a\":1}garbage", "a=1&b=2", "<xml/>", "\u0000", "\uFEFF{}", "{\"a\":1,}", "{a:1}", "--boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--boundary--"),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** A field name that says it holds a day or a moment. */
const datedField = /(On|Day|Date|At|From|To|birthday|day)$/;

/**
 * Hostile values for a field, biased towards what its working `sample` (or its name) says it
 * holds, so that a value gets past the other fields' checks and reaches the field's own: bad days
 * for a day, extreme numbers for a number, hostile text for text; any JSON value sometimes.
 */
export function hostileLike(field: string, sample?: unknown): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown>[] = [];
  if ((typeof sample === "string" && /^\d{4}-\d{2}-\d{2}/.test(sample)) || datedField.test(field)) typed.push(fc.constantFrom(...datePayloads));
  if (typeof sample === "number" || (typeof sample === "string" && /^-?\d/.test(sample))) typed.push(hostileNumber, fc.constantFrom(...numericStrings));
  if (typeof sample === "boolean") typed.push(fc.constantFrom(true, false, "true", "false", "on", "off", "1", 0, 1));
  if (Array.isArray(sample)) typed.push(fc.array(sample.length > 0 ? hostileLike(field, sample[0]) : hostileString, { maxLength: 25 }));
  if (typeof sample === "string" || typed.length === 0) typed.push(hostileString);
  return fc.oneof({ arbitrary: fc.oneof(...typed), weight: 3 }, { arbitrary: hostileJsonValue, weight: 1 });
}

/**
 * The fixed hostile values every field is tried with, one field at a time, beside the random
 * ones: the cases most likely to slip past a check, chosen by what the field holds as `hostileLike`
 * chooses; wrong types for every field.
 */
export function hostileExamples(field: string, sample?: unknown): unknown[] {
  const wrongTypes = [null, true, 12, [], {}, { $gt: "" }];
  if ((typeof sample === "string" && /^\d{4}-\d{2}-\d{2}/.test(sample)) || datedField.test(field)) return [...datePayloads, "", "\u0000", ...wrongTypes];
  if (typeof sample === "number" || (typeof sample === "string" && /^-?\d/.test(sample))) {
    return [0, -1, 0.5, 1e21, 2 ** 31, 2 ** 53, Number.MAX_VALUE, raw("1e309"), raw("-0"), raw("9007199254740993"), "1e309", "9007199254740993", "99999999999999999999", "NaN", "-1", "0.001", "", "\u0000", null, true, [], {}];
  }
  if (typeof sample === "boolean") return [true, false, "on", "true", "1", 0, "", null, [], {}];
  if (Array.isArray(sample)) return [[], ["\u0000"], ["x".repeat(41)], Array.from({ length: 1000 }, (_, index) => `t${index}`), [null], [[]], "a,b,,c", ...wrongTypes];
  return ["", " ", "\u0000", "a\u0000b", "\uD800", "x\uDFFF", "\u202Eevil\u202C", "👩‍👩‍👧‍👦", "e\u0301\u0302", "'; drop table customers; --", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "é".repeat(201), "x".repeat(2001), "字".repeat(20_001), ...wrongTypes];
}

/** The codes a domain function may refuse bad input with; anything else is a failure of its own. */
export const refusalCodes = ["VALIDATION", "NOT_FOUND", "CONFLICT", "INVALID_STATE", "FORBIDDEN", "RATE_LIMITED"] as const;

/** One domain function's hostile-input property: a working input, and how its result reads back. */
export type HostileCase = {
  name: string;
  /** A working input (made anew for each call, so that unique fields stay unique). */
  input: () => Record<string, unknown>;
  call: (input: unknown) => Promise<unknown>;
  /** Fields whose accepted text must read back exactly as sent, trimmed. */
  text?: readonly string[];
  /** The stored record after a success, read back from the database, by field. */
  readBack?: (result: unknown) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Random runs beside the fixed ones (each field with each of its `hostileExamples`). */
  runs?: number;
  /** Leave out the fixed ones, for a slow function (one that hashes a password). */
  sweep?: boolean;
  /** Further fixed changes to the working input, for what only this function reads (a cursor). */
  examples?: Record<string, unknown>[];
  /** URL parameters: always an object (of strings, or lists of them for a repeated name). */
  searchParams?: boolean;
};

/** Every value a form field can send: FormData holds strings only. */
const formValue = (value: unknown): string =>
  typeof value === "string" ? value : value === true ? "on" : value === false || value === null || value === undefined ? "" : typeof value === "object" ? toJsonText(value) : String(value);

type Mutation = { set: Record<string, unknown>; drop: string[]; extra: Record<string, unknown>; whole?: { value: unknown }; asForm: boolean };

/** What a hostile call changes in the working input. */
function mutationArb(sample: Record<string, unknown>, searchParams = false): fc.Arbitrary<Mutation> {
  const fields = Object.keys(sample);
  const one = fc.constantFrom(...fields).chain((field) => hostileLike(field, sample[field]).map((value) => ({ [field]: value })));
  const many = fc
    .subarray(fields, { maxLength: Math.min(3, fields.length) })
    .chain((picked) => fc.tuple(...picked.map((field) => hostileLike(field, sample[field]))).map((values) => Object.fromEntries(picked.map((field, index) => [field, values[index]]))));
  return fc.record({
    set: fields.length === 0 ? fc.constant({} as Record<string, unknown>) : fc.oneof({ arbitrary: one as fc.Arbitrary<Record<string, unknown>>, weight: 3 }, { arbitrary: many as fc.Arbitrary<Record<string, unknown>>, weight: 2 }),
    drop: fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 4 }, { arbitrary: fc.subarray(fields, { maxLength: Math.min(2, fields.length) }), weight: 1 }),
    extra: fc.oneof({ arbitrary: fc.constant({}) as fc.Arbitrary<Record<string, unknown>>, weight: 4 }, { arbitrary: fc.dictionary(hostileKey, hostileJsonValue, { minKeys: 1, maxKeys: 2 }), weight: 1 }),
    whole: searchParams
      ? fc.constant(undefined)
      : fc.oneof({ arbitrary: fc.constant(undefined) as fc.Arbitrary<{ value: unknown } | undefined>, weight: 12 }, { arbitrary: hostileJsonValue.map((value) => ({ value })), weight: 1 }),
    asForm: searchParams ? fc.constant(true) : fc.boolean(),
  });
}

function applyMutation(base: Record<string, unknown>, mutation: Mutation): unknown {
  if (mutation.whole) return asParsedOrSelf(mutation.whole.value);
  const input: Record<string, unknown> = Object.fromEntries(Object.entries(base).filter(([field]) => !mutation.drop.includes(field)));
  for (const [field, value] of Object.entries({ ...mutation.set, ...mutation.extra })) Object.defineProperty(input, field, { value: asParsedOrSelf(value), enumerable: true, writable: true, configurable: true });
  // A repeated URL parameter arrives as a list of strings.
  return mutation.asForm ? Object.fromEntries(Object.entries(input).map(([field, value]) => [field, Array.isArray(value) && value.length > 1 ? value.map(formValue) : formValue(value)])) : input;
}

/** Raw JSON tokens as the domain gets them from `JSON.parse`. */
const asParsedOrSelf = (value: unknown): unknown => (JSON.stringify(value)?.includes('"rawJson"') ? JSON.parse(toJsonText(value)) : value);

/**
 * Runs `hostileCase` with every fixed hostile example and `runs` random hostile inputs: each call
 * resolves, or rejects with an `AppError` of a refusal code and then (if `unchanged` is given)
 * leaves the database as it was; accepted text reads back as sent, trimmed. Returns the number of
 * inputs tried.
 */
export async function checkHostileInput(
  hostileCase: HostileCase,
  { unchanged = rowsSnapshot, seed }: { unchanged?: (() => Promise<unknown>) | null; seed?: number } = {},
): Promise<number> {
  const sample = hostileCase.input();
  let tried = 0;
  const examples: [Mutation][] =
    hostileCase.sweep === false
      ? []
      : Object.keys(sample).flatMap((field) => hostileExamples(field, sample[field]).map((value) => [{ set: { [field]: value }, drop: [], extra: {}, asForm: hostileCase.searchParams === true }] as [Mutation]));
  for (const set of hostileCase.examples ?? []) examples.push([{ set, drop: [], extra: {}, asForm: hostileCase.searchParams === true }]);
  await fc.assert(
    fc.asyncProperty(mutationArb(sample, hostileCase.searchParams), async (mutation) => {
      tried++;
      const input = applyMutation(hostileCase.input(), mutation);
      const label = `${hostileCase.name}(${toJsonText(input).slice(0, 300)})`;
      const before = unchanged ? await unchanged() : null;
      let result: unknown;
      try {
        result = await hostileCase.call(input);
      } catch (error) {
        if (!(error instanceof AppError) || !(refusalCodes as readonly string[]).includes(error.code)) {
          throw new Error(`${label} failed with ${error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error)}`, { cause: error });
        }
        if (unchanged && JSON.stringify(await unchanged()) !== JSON.stringify(before)) throw new Error(`${label} was refused (${error.code}) but changed rows`);
        return;
      }
      if (!hostileCase.text || !hostileCase.readBack || input === null || typeof input !== "object") return;
      const stored = await hostileCase.readBack(result);
      for (const field of hostileCase.text) {
        const sent = (input as Record<string, unknown>)[field];
        if (typeof sent !== "string" || sent.trim() === "") continue;
        if (stored[field] !== sent.trim()) throw new Error(`${label}: ${field} was accepted as ${JSON.stringify(sent.trim()).slice(0, 200)} but reads back as ${JSON.stringify(stored[field])?.slice(0, 200)}`);
      }
    }),
    { seed: seed ?? seedFor(hostileCase.name), numRuns: examples.length + (hostileCase.runs ?? 40), examples },
  );
  return tried;
}

/** Tables the domain writes: their row counts and latest change must not move on a refusal. */
const watchedTables = [
  "customers",
  "customer_consents",
  "customer_channels",
  "customer_contacts",
  "customer_segments",
  "custom_field_definitions",
  "tag_styles",
  "activities",
  "memberships",
  "tiers",
  "points_campaigns",
  "points_ledger",
  "points_lots",
  "pending_points",
  "coupon_templates",
  "coupons",
  "products",
  "pipelines",
  "pipeline_stages",
  "teams",
  "team_members",
  "orders",
  "order_lines",
  "order_refunds",
  "opportunities",
  "opportunity_stage_history",
  "tasks",
  "sales_targets",
  "tickets",
  "ticket_messages",
  "canned_replies",
  "settings",
  "users",
  "api_keys",
  "webhook_endpoints",
  "audit_log",
  "events",
  "webhook_deliveries",
  "mail_outbox",
];
let snapshotQuery: ReturnType<typeof sql> | undefined;

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

/** Each watched table's row count and latest `updated_at`, in one query. */
export async function rowsSnapshot(): Promise<unknown> {
  const db = await getDb();
  if (!snapshotQuery) {
    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name in ('updated_at', 'created_at')`),
    );
    const has = (table: string, column: string) => columns.some((row) => row.table_name === table && row.column_name === column);
    snapshotQuery = sql`select ${sql.join(
      watchedTables.filter((table) => has(table, "created_at")).map((table) =>
        has(table, "updated_at")
          ? sql`(select count(*) || '/' || coalesce(max(updated_at)::text, '') from ${sql.identifier(table)}) as ${sql.identifier(table)}`
          : sql`(select count(*)::text from ${sql.identifier(table)}) as ${sql.identifier(table)}`,
      ),
      sql`, `,
    )}`;
  }
  return rowsOf(await db.execute(snapshotQuery))[0];
}
