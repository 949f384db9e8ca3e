import { z } from "zod";
import type { Operation } from "./operation";
import { scopes } from "./scopes";

type JsonSchema = Record<string, unknown>;

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable and machine-readable, e.g. `not_found`, `insufficient_points`, `idempotency_key_reused`." },
        message: { type: "string", description: "For people; may change." },
        fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } }, description: "With 422: what is wrong with each field." },
        errorId: { type: "string", description: "With 500: quote it to support." },
      },
    },
  },
};

const errorResponses: Record<number, string> = {
  400: "The body is not valid JSON.",
  401: "No key, or a key that is unknown or revoked.",
  403: "The key lacks the operation's scope.",
  404: "No such record.",
  413: "The body is larger than 1 MB.",
  409: "The request conflicts with the record's state, or reuses an Idempotency-Key for another request.",
  422: "The input is not valid; `fields` says why, field by field.",
  429: "Too many requests for this key; wait the seconds in `Retry-After`.",
};

/**
 * Converts `schema` and moves the named schemas it uses (`.meta({ id })`) into `components`, so that
 * the document says each once and refers to it.
 */
function convert(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _schema, $defs, ...converted } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const relink = <T,>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  for (const [name, definition] of Object.entries($defs ?? {})) components[name] = relink(definition);
  const id = z.globalRegistry.get(schema)?.id;
  if (id) {
    // A named schema comes back either as itself or as a reference to its own entry in `$defs`.
    if (!$defs?.[id]) components[id] = relink(converted);
    return { $ref: `#/components/schemas/${id}` };
  }
  return relink(converted);
}

/** The OpenAPI 3.1 document of `operations`, generated from the schemas the routes parse with. */
export function openApiDocument(operations: readonly Operation[], serverUrl: string) {
  const components: Record<string, JsonSchema> = { Error: errorSchema };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const parameters: unknown[] = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } }));
    if (operation.query) {
      const query = convert(operation.query, "input", components) as { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, ...(description && { description }), schema: rest });
      }
    }
    if (operation.method === "POST") {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "Any unique string up to 255 characters. A retry with the same key and body gets the first answer again; the same key with another body gets 409. Answers are kept at least 48 hours.",
        schema: { type: "string", maxLength: 255 },
      });
    }
    const status = operation.status ?? 200;
    const responses: Record<string, unknown> = {
      [status]: operation.response
        ? { description: status === 201 ? "Created." : "OK.", content: { "application/json": { schema: convert(operation.response, "output", components) } } }
        : { description: "Done; no content." },
    };
    const errors = [...(operation.body ? [400, 413] : []), 401, 403, ...(operation.errors ?? []), ...(operation.body || operation.query ? [422] : []), 429].sort((a, b) => a - b);
    for (const code of new Set(errors)) {
      responses[code] = { description: errorResponses[code], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    }
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method.toLowerCase()] = {
      operationId: operation.operationId,
      summary: operation.summary,
      ...(operation.description && { description: operation.description }),
      tags: [operation.tag],
      security: [{ apiKey: [operation.scope] }],
      "x-scope": operation.scope,
      ...(parameters.length > 0 && { parameters }),
      ...(operation.body && {
        requestBody: { required: true, content: { "application/json": { schema: convert(operation.body, "input", components), ...(operation.example && { example: operation.example }) } } },
      }),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Member CRM API",
      version: "1.0.0",
      description:
        "Customers, membership and points, coupons, orders, tickets and opportunities, for the shop, the till and other systems. " +
        "Authenticate with an API key an admin creates under Admin → API keys: `Authorization: Bearer <key>`. Fields are camelCase; " +
        "money is an integer of minor units (fen, cents) with its currency; times are ISO 8601 in UTC. Lists are newest first and paged " +
        "with `cursor` and `limit`, answered as `{ data, nextCursor }`. Every error has the shape `{ error: { code, message, fields? } }`.",
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: `An API key. Scopes: ${scopes.join(", ")}.` },
      },
    },
  };
}
