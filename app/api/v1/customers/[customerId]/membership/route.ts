import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { membershipOperations, toMembershipResource } from "@/lib/integration/api/membership";
import { enrolMember } from "@/lib/membership/commands";
import { getMemberSummary } from "@/lib/membership/queries";
import { readSetting } from "@/lib/settings/queries";

async function membershipOf(actor: Actor, customerId: unknown) {
  const [summary, { currency }] = await Promise.all([getMemberSummary(actor, customerId), readSetting("organisation")]);
  if (!summary) throw new AppError("NOT_FOUND");
  return toMembershipResource(summary, currency);
}

export const GET = apiRoute(membershipOperations.get, ({ actor, params }) => membershipOf(actor, params.customerId));

export const POST = apiRoute(membershipOperations.enrol, async ({ actor, params, body }) => {
  await enrolMember(actor, params.customerId, { via: "api", locale: body.locale });
  return membershipOf(actor, params.customerId);
});
