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
