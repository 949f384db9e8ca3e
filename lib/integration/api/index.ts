import { env } from "@/lib/env";
import { openApiDocument } from "../openapi";
import type { Operation } from "../operation";
import { customerOperations } from "./customers";
import { membershipOperations } from "./membership";
import { opportunityOperations } from "./opportunities";
import { orderOperations } from "./orders";
import { ticketOperations } from "./tickets";

/** Every operation of the REST API, in the order the document lists them. */
export const apiOperations: readonly Operation[] = [
  ...Object.values(customerOperations),
  ...Object.values(membershipOperations),
  ...Object.values(orderOperations),
  ...Object.values(ticketOperations),
  ...Object.values(opportunityOperations),
];

let document: ReturnType<typeof openApiDocument> | undefined;

/** The API's OpenAPI document, for this app's address; built once (it changes only with the code). */
export function apiDocument(): ReturnType<typeof openApiDocument> {
  document ??= openApiDocument(apiOperations, new URL("/api/v1", env.APP_URL).toString());
  return document;
}
