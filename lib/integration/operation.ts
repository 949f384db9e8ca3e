import type { z } from "zod";
import type { Scope } from "./scopes";

/**
 * One REST API operation: what the route handler parses and answers, and what the OpenAPI
 * document says of it. The route and the document read the same object, so they cannot drift.
 */
export type Operation = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Under `/api/v1`, with `{name}` for path parameters (`/customers/{customerId}`). */
  path: `/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  tag: "Customers" | "Membership" | "Coupons" | "Orders" | "Tickets" | "Opportunities";
  scope: Scope;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that works, shown in the reference and its `curl` call (a test parses it with `body`). */
  example?: Record<string, unknown>;
  /** The success answer's body; none for 204. */
  response?: z.ZodType;
  status?: 200 | 201 | 204;
  /** Error statuses beyond those of every operation (401, 403, 422, 429). */
  errors?: readonly (400 | 404 | 409)[];
};

export const defineOperation = <const O extends Operation>(operation: O): O => operation;
