import "server-only";
import { z } from "zod";
import { systemActor } from "@/lib/auth/permissions";
import { defineJob } from "@/lib/jobs/define";
import { checkSla, closeSolvedTickets } from "./tickets";

const actor = systemActor("service");

/** Records SLA breaches and escalates tickets about to breach. */
export const checkSlaJob = defineJob({
  name: "tickets.sla_check",
  payload: z.object({}).strict(),
  async run() {
    await checkSla(actor);
  },
});

/** Closes tickets solved longer ago than the setting allows. */
export const closeSolvedJob = defineJob({
  name: "tickets.close_solved",
  payload: z.object({}).strict(),
  async run() {
    await closeSolvedTickets(actor);
  },
});
