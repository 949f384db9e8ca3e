import { z } from "zod";

/** "Required" for a missing value, "not valid" for a wrong one. */
export const requiredOrInvalid = { error: (issue: { input?: unknown }) => (issue.input === undefined ? "validation.required" : "validation.invalid") };

/** An amount as requests send it: major units, parsed in the organisation's currency by the domain. */
export const majorAmount = z.union([z.string(), z.number()], { error: "validation.amount" });
