/**
 * Reads an OpenAPI 3.1 document for people: operations by tag, a JSON Schema as a flat list of
 * fields with their types and constraints, and example values. Generic on purpose: it knows the
 * shape of OpenAPI and JSON Schema, nothing of our operations, so that new ones show as they come.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  [keyword: string]: unknown;
};

export type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
type MediaTypes = Record<string, { schema?: JsonSchema; example?: unknown }>;
export type OperationObject = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  "x-scope"?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: MediaTypes };
  responses?: Record<string, { description?: string; content?: MediaTypes }>;
};
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

export const httpMethods = ["get", "post", "put", "patch", "delete"] as const;

export type DocumentedOperation = { id: string; method: string; path: string; operation: OperationObject; scopes: string[] };

/** The anchor of an operation: its `operationId`, else its method and path. */
const anchorOf = (method: string, path: string, operation: OperationObject) =>
  operation.operationId ?? `${method}-${path}`.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-+$/, "");

/** Operations grouped by their first tag, in the order of the document's `tags` (untagged last). */
export function operationsByTag(document: OpenApiDocument): { tag: string; description?: string; operations: DocumentedOperation[] }[] {
  const groups = new Map<string, DocumentedOperation[]>();
  for (const tag of document.tags ?? []) groups.set(tag.name, []);
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "Other";
      const scopes = operation["x-scope"] ? [operation["x-scope"]] : [...new Set((operation.security ?? []).flatMap((requirement) => Object.values(requirement).flat()))];
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ id: anchorOf(method, path, operation), method: method.toUpperCase(), path, operation, scopes });
    }
  }
  return [...groups]
    .filter(([, operations]) => operations.length > 0)
    .map(([tag, operations]) => ({ tag, description: document.tags?.find((entry) => entry.name === tag)?.description, operations }));
}

/** The schema of a request body or response: its JSON media type's, else the first one's. */
export function contentSchema(content: MediaTypes | undefined): JsonSchema | undefined {
  if (!content) return undefined;
  return (content["application/json"] ?? Object.values(content)[0])?.schema;
}

const componentName = (ref: string) => ref.split("/").at(-1)!;

/**
 * Follows `$ref`s to `#/components/schemas/…`, as far as they go. `name` is the last component
 * named on the way; a reference back to one already being read (`seen`) is `circular`.
 */
export function resolve(document: OpenApiDocument, schema: JsonSchema, seen: ReadonlySet<string> = new Set()): { schema: JsonSchema; name?: string; circular?: boolean; seen: ReadonlySet<string> } {
  let current = schema;
  let name: string | undefined;
  const visited = new Set(seen);
  while (current.$ref) {
    const ref = current.$ref;
    name = componentName(ref);
    if (visited.has(ref) || !ref.startsWith("#/components/schemas/")) return { schema: {}, name, circular: true, seen: visited };
    visited.add(ref);
    const target = document.components?.schemas?.[name];
    if (!target) return { schema: {}, name, circular: true, seen: visited };
    // Keywords beside a `$ref` (a description) add to what it points at.
    const { $ref: _ref, ...beside } = current;
    current = { ...target, ...beside };
  }
  return { schema: current, name, seen: visited };
}

const isNullSchema = (schema: JsonSchema) => schema.type === "null" || (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === "null");

/** The schema without its "or null": `anyOf: [X, {type: null}]` and `type: [T, "null"]` alike. */
export function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.some(isNullSchema)) {
    const rest = union.filter((variant) => !isNullSchema(variant));
    const { anyOf: _anyOf, oneOf: _oneOf, ...outer } = schema;
    return { schema: rest.length === 1 ? { ...rest[0]!, ...outer } : { ...outer, anyOf: rest }, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const types = schema.type.filter((type) => type !== "null");
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

/** `allOf` parts merged into one object schema (properties and required). */
function merged(document: OpenApiDocument, schema: JsonSchema, seen: ReadonlySet<string>): JsonSchema {
  if (!schema.allOf) return schema;
  const { allOf, ...rest } = schema;
  const result: JsonSchema = { ...rest, properties: { ...rest.properties }, required: [...(rest.required ?? [])] };
  for (const part of allOf) {
    const resolved = merged(document, resolve(document, part, seen).schema, seen);
    Object.assign(result.properties!, resolved.properties);
    result.required!.push(...(resolved.required ?? []));
    result.type ??= resolved.type;
  }
  return result;
}

/** Reads a schema as far as a field list needs: references followed, `allOf` merged, "or null" apart. */
function read(document: OpenApiDocument, schema: JsonSchema, seen: ReadonlySet<string>) {
  const resolved = resolve(document, schema, seen);
  const { schema: bare, nullable } = withoutNull(merged(document, resolved.schema, resolved.seen));
  // `anyOf: [{$ref}, null]`: the reference is inside the union.
  const inner = bare.$ref ? resolve(document, bare, resolved.seen) : null;
  const final = inner ? merged(document, inner.schema, inner.seen) : bare;
  return { schema: final, nullable, name: inner?.name ?? resolved.name, circular: inner?.circular ?? resolved.circular, seen: inner?.seen ?? resolved.seen };
}

const isObject = (schema: JsonSchema) => schema.type === "object" || (schema.type === undefined && schema.properties !== undefined);

/** A short, language-neutral type: `string`, `integer`, `Customer`, `string[]`, `map<string, number>`, `"a" | "b"`. */
export function typeLabel(document: OpenApiDocument, schema: JsonSchema, seen: ReadonlySet<string> = new Set()): string {
  const { schema: bare, nullable, name, circular } = read(document, schema, seen);
  const label = (() => {
    if (circular) return name ?? "object";
    if (bare.const !== undefined) return JSON.stringify(bare.const);
    const union = bare.anyOf ?? bare.oneOf;
    if (union) return [...new Set(union.map((variant) => typeLabel(document, variant, seen)))].join(" | ");
    if (bare.type === "array" || bare.items) {
      const item = bare.items ? typeLabel(document, bare.items, seen) : "any";
      return item.includes(" ") ? `(${item})[]` : `${item}[]`;
    }
    if (isObject(bare)) {
      if (!bare.properties && bare.additionalProperties && typeof bare.additionalProperties === "object") {
        return `map<string, ${typeLabel(document, bare.additionalProperties, seen)}>`;
      }
      return name ?? "object";
    }
    if (Array.isArray(bare.type)) return bare.type.join(" | ");
    if (bare.type) return bare.type;
    return "any";
  })();
  return nullable ? `${label} | null` : label;
}

/** One limit on a value; `each` for the limits on an array's items. */
export type Constraint = { kind: string; value: string; each?: boolean };

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** What limits a value, in the order people read them; a pattern only where no format says more. */
export function constraintsOf(schema: JsonSchema): Constraint[] {
  const result: Constraint[] = [];
  const add = (kind: string, value: unknown) => {
    // The bounds of any safe integer say nothing to a reader.
    if (value !== undefined && !(typeof value === "number" && Math.abs(value) >= Number.MAX_SAFE_INTEGER)) result.push({ kind, value: show(value) });
  };
  if (schema.enum) add("enum", schema.enum.filter((value) => value !== null).map(show).join(", "));
  add("format", schema.format);
  add("minLength", schema.minLength);
  add("maxLength", schema.maxLength);
  add("minimum", schema.minimum);
  add("exclusiveMinimum", schema.exclusiveMinimum);
  add("maximum", schema.maximum);
  add("exclusiveMaximum", schema.exclusiveMaximum);
  add("multipleOf", schema.multipleOf);
  add("minItems", schema.minItems);
  add("maxItems", schema.maxItems);
  if (schema.uniqueItems === true) add("uniqueItems", "");
  if (!schema.format) add("pattern", schema.pattern);
  add("default", schema.default);
  add("example", schema.examples?.[0] ?? schema.example);
  return result;
}

export type FieldRow = {
  /** Dotted from the top: `data[].email`. */
  path: string;
  /** The part of `path` before the field's own name (`data[].`). */
  parent: string;
  name: string;
  depth: number;
  type: string;
  required: boolean;
  nullable: boolean;
  description?: string;
  constraints: Constraint[];
};

const maxDepth = 4;

/** The fields of an object schema, nested objects and arrays of objects flattened under their parent. */
export function fieldRows(document: OpenApiDocument, schema: JsonSchema, parent = "", depth = 0, seen: ReadonlySet<string> = new Set()): FieldRow[] {
  const { schema: object, seen: inside } = read(document, schema, seen);
  const rows: FieldRow[] = [];
  for (const [name, property] of Object.entries(object.properties ?? {})) {
    const field = read(document, property, inside);
    const element = field.schema.type === "array" && field.schema.items ? read(document, field.schema.items, field.seen) : null;
    const itemConstraints = element && !isObject(element.schema) ? constraintsOf(element.schema).map((constraint) => ({ ...constraint, each: true })) : [];
    rows.push({
      path: `${parent}${name}`,
      parent,
      name,
      depth,
      type: typeLabel(document, property, inside),
      required: object.required?.includes(name) ?? false,
      nullable: field.nullable,
      description: field.schema.description ?? property.description,
      constraints: [...constraintsOf(field.schema), ...itemConstraints],
    });
    if (depth + 1 >= maxDepth || field.circular) continue;
    if (isObject(field.schema) && field.schema.properties) rows.push(...fieldRows(document, field.schema, `${parent}${name}.`, depth + 1, field.seen));
    else if (element && !element.circular && isObject(element.schema) && element.schema.properties) rows.push(...fieldRows(document, element.schema, `${parent}${name}[].`, depth + 1, element.seen));
  }
  return rows;
}

export type BodyShape =
  | { kind: "fields"; rows: FieldRow[] }
  | { kind: "variants"; variants: { label: string; rows: FieldRow[] }[] }
  | { kind: "value"; type: string; constraints: Constraint[] };

/** How to show a whole body: its fields; the shapes of a union of objects; or a single value (a list at the top). */
export function bodyShape(document: OpenApiDocument, schema: JsonSchema): BodyShape {
  const { schema: bare, seen } = read(document, schema, new Set());
  const union = bare.anyOf ?? bare.oneOf;
  if (union) {
    const variants = union.map((variant, index) => {
      const resolved = read(document, variant, seen);
      const discriminator = Object.entries(resolved.schema.properties ?? {}).find(([, property]) => property.const !== undefined);
      const label = resolved.schema.title ?? resolved.name ?? (discriminator ? `${discriminator[0]}: ${show(discriminator[1].const)}` : String(index + 1));
      return { label, rows: fieldRows(document, variant, "", 0, seen) };
    });
    if (variants.every((variant) => variant.rows.length > 0)) return { kind: "variants", variants };
  }
  if (isObject(bare) && bare.properties) return { kind: "fields", rows: fieldRows(document, schema) };
  return { kind: "value", type: typeLabel(document, schema), constraints: constraintsOf(bare) };
}

const sampleUuid = "8c6f3b4e-2d1a-4f5b-9e7c-1a2b3c4d5e6f";

const stringSample = (schema: JsonSchema): string => {
  switch (schema.format) {
    case "email":
      return "ada@example.com";
    case "uuid":
      return sampleUuid;
    case "date-time":
      return "2026-01-31T09:30:00Z";
    case "date":
      return "2026-01-31";
    case "time":
      return "09:30:00";
    case "uri":
    case "url":
      return "https://example.com";
  }
  if (typeof schema.pattern === "string" && schema.pattern.includes("\\d{4}-\\d{2}-\\d{2}")) return "2026-01-31";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  return "string".padEnd(min, "x");
};

const numberSample = (schema: JsonSchema): number => {
  const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : undefined;
  const max = typeof schema.maximum === "number" ? schema.maximum : undefined;
  let value = min !== undefined && min > 1 ? min : 1;
  if (max !== undefined && value > max) value = max;
  return value;
};

/**
 * An example value for `schema`: its own example, default, constant or first choice, else one made
 * from its type. `all` fills every property (a response); without it, only the required ones, or
 * the first few when none is required (a request).
 */
export function exampleOf(document: OpenApiDocument, schema: JsonSchema, options: { all?: boolean } = {}, depth = 0, seen: ReadonlySet<string> = new Set()): unknown {
  const { schema: bare, nullable, circular, seen: inside } = read(document, schema, seen);
  if (circular || depth > maxDepth) return nullable ? null : {};
  const own = bare.examples?.[0] ?? bare.example ?? bare.default ?? bare.const ?? bare.enum?.find((value) => value !== null);
  if (own !== undefined) return own;
  const union = bare.anyOf ?? bare.oneOf;
  if (union?.[0]) return exampleOf(document, union[0], options, depth, inside);
  if (bare.type === "array" || bare.items) return bare.items ? [exampleOf(document, bare.items, options, depth + 1, inside)] : [];
  if (isObject(bare)) {
    const properties = Object.entries(bare.properties ?? {});
    const required = new Set(bare.required ?? []);
    const chosen = options.all ? properties : required.size > 0 ? properties.filter(([name]) => required.has(name)) : properties.slice(0, 3);
    if (!bare.properties && bare.additionalProperties && typeof bare.additionalProperties === "object") return { key: exampleOf(document, bare.additionalProperties, options, depth + 1, inside) };
    return Object.fromEntries(chosen.map(([name, property]) => [name, exampleOf(document, property, options, depth + 1, inside)]));
  }
  const type = Array.isArray(bare.type) ? bare.type[0] : bare.type;
  if (type === "integer" || type === "number") return numberSample(bare);
  if (type === "boolean") return true;
  if (type === "null") return null;
  if (type === "string") return stringSample(bare);
  return nullable ? null : "…";
}

/** A shell variable for a path parameter: `customerId` → `$CUSTOMER_ID`. */
const shellVariable = (name: string) => `$${name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9_]/g, "_").toUpperCase()}`;

const quoteForShell = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** A `curl` call of the operation with the key from `$MCRM_API_KEY`, its required parameters and an example body. */
export function curlExample(document: OpenApiDocument, serverUrl: string, entry: DocumentedOperation): string {
  const { operation, method } = entry;
  const parameters = operation.parameters ?? [];
  const path = entry.path.replace(/\{(\w+)\}/g, (_, name: string) => shellVariable(name));
  const query = parameters
    .filter((parameter) => parameter.in === "query" && parameter.required)
    .map((parameter) => `${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(exampleOf(document, parameter.schema ?? {})))}`);
  const url = `${serverUrl.replace(/\/$/, "")}${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  const lines = [`curl${method === "GET" ? "" : ` -X ${method}`} "${url}"`, `-H "Authorization: Bearer $MCRM_API_KEY"`];
  for (const parameter of parameters.filter((candidate) => candidate.in === "header")) {
    if (parameter.name.toLowerCase() === "idempotency-key") lines.push(`-H "${parameter.name}: $(uuidgen)"`);
    else if (parameter.required) lines.push(`-H "${parameter.name}: ${String(exampleOf(document, parameter.schema ?? {}))}"`);
  }
  const body = contentSchema(operation.requestBody?.content);
  if (body) {
    lines.push(`-H "Content-Type: application/json"`);
    const given = (operation.requestBody?.content?.["application/json"] ?? Object.values(operation.requestBody?.content ?? {})[0])?.example;
    lines.push(`-d ${quoteForShell(JSON.stringify(given ?? exampleOf(document, body), null, 2))}`);
  }
  return lines.join(" \\\n  ");
}

/** Success answers first, then errors, each in numeric order. */
export function responsesOf(operation: OperationObject) {
  const entries = Object.entries(operation.responses ?? {}).map(([status, response]) => ({ status, description: response.description, schema: contentSchema(response.content) }));
  const byStatus = (a: { status: string }, b: { status: string }) => a.status.localeCompare(b.status);
  return {
    success: entries.filter((entry) => /^[123]/.test(entry.status)).sort(byStatus),
    errors: entries.filter((entry) => !/^[123]/.test(entry.status)).sort(byStatus),
  };
}
