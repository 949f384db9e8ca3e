import { Pencil } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { CannedReplyForm } from "@/components/tickets/canned-reply-form";
import { Badge } from "@/components/ui/badge";
import { BackLink } from "@/components/ui/back-link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listCannedReplies, listCannedReplyTeams } from "@/lib/service/canned";
import { createCannedReplyAction, deleteCannedReplyAction, updateCannedReplyAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("serviceAdmin.canned"))("title") };
}

const href = "/tickets/canned";

/**
 * Canned replies by who may use them: everyone's first, then each team's. The reply being edited
 * (`?edit=<id>`) shows its form in its place; replies the user may only use (an agent's view of
 * the shared ones) have no edit or delete.
 */
export default async function CannedRepliesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("tickets.write");
  const [t, format, replies, teams, { edit }] = await Promise.all([
    getTranslations("serviceAdmin"),
    getFormatter(),
    listCannedReplies(actor),
    listCannedReplyTeams(actor),
    searchParams,
  ]);
  const shareWithEveryone = can(actor, "service.manage");
  const keptTeams = new Set(teams.map((team) => team.id));
  const mayChange = (teamId: string | null) => (teamId === null ? shareWithEveryone : shareWithEveryone || keptTeams.has(teamId));
  const choices = [...(shareWithEveryone ? [{ value: "", label: t("canned.everyone") }] : []), ...teams.map((team) => ({ value: team.id, label: team.name }))];

  const groups = new Map<string, { name: string; shared: boolean; rows: typeof replies }>();
  for (const row of replies) {
    const key = row.reply.teamId ?? "";
    const group = groups.get(key) ?? { name: row.teamName ?? t("canned.everyone"), shared: row.reply.teamId === null, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const ordered = [...groups.entries()].sort(([, a], [, b]) => Number(b.shared) - Number(a.shared) || a.name.localeCompare(b.name));

  return (
    <>
      <BackLink href="/tickets">{t("back")}</BackLink>
      <PageHeader title={t("canned.title")} description={shareWithEveryone ? t("canned.introManager") : t("canned.introAgent")} />
      <Card aria-labelledby="canned-new-title" className="mb-8 p-5 sm:p-6">
        <h2 id="canned-new-title" className="mb-4 text-lg font-semibold text-slate-900">
          {t("canned.new")}
        </h2>
        {choices.length === 0 ? (
          <p className="text-sm text-slate-600">{t("canned.noTeam")}</p>
        ) : (
          <CannedReplyForm action={createCannedReplyAction} teams={choices} />
        )}
      </Card>

      {replies.length === 0 ? (
        <EmptyState title={t("canned.empty")}>{t("canned.emptyHint")}</EmptyState>
      ) : (
        <div className="space-y-8">
          {ordered.map(([key, group]) => (
            <section key={key || "everyone"} aria-labelledby={`canned-group-${key || "everyone"}`}>
              <h2 id={`canned-group-${key || "everyone"}`} className="mb-3 flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
                {group.name}
                <Badge tone={group.shared ? "brand" : "slate"}>{group.shared ? t("canned.sharedBadge") : t("canned.teamBadge")}</Badge>
                <span className="text-sm font-normal text-slate-500">{t("canned.count", { count: group.rows.length })}</span>
              </h2>
              <Card>
                <ul className="divide-y divide-slate-100">
                  {group.rows.map(({ reply }) =>
                    edit === reply.id && mayChange(reply.teamId) ? (
                      <li key={reply.id} className="p-4 sm:p-5">
                        <h3 className="mb-3 font-medium text-slate-900">{t("canned.editNamed", { title: reply.title })}</h3>
                        <CannedReplyForm action={updateCannedReplyAction} teams={choices} reply={reply} cancelHref={href} />
                      </li>
                    ) : (
                      <li key={reply.id} className="p-4 sm:p-5">
                        <div className="flex flex-wrap items-start justify-between gap-3">
                          <div className="min-w-0 flex-1">
                            <h3 className="font-medium break-words text-slate-900">{reply.title}</h3>
                            <p className="mt-1 line-clamp-4 text-sm break-words whitespace-pre-line text-slate-700">{reply.body}</p>
                            <p className="mt-2 text-xs text-slate-500">{t("canned.updated", { when: format.dateTime(reply.updatedAt, "dateTime") })}</p>
                          </div>
                          {mayChange(reply.teamId) && (
                            <div className="flex flex-wrap items-center gap-2">
                              <Link
                                href={`${href}?edit=${reply.id}` as Route}
                                scroll={false}
                                className={buttonClass("secondary")}
                                aria-label={t("canned.editNamed", { title: reply.title })}
                              >
                                <Pencil className="size-4" aria-hidden />
                                {t("canned.edit")}
                              </Link>
                              <ConfirmDialog
                                action={deleteCannedReplyAction}
                                fields={{ id: reply.id }}
                                labels={{
                                  trigger: t("canned.delete.trigger"),
                                  title: t("canned.delete.title", { title: reply.title }),
                                  body: group.shared ? t("canned.delete.bodyShared") : t("canned.delete.bodyTeam", { team: group.name }),
                                  confirm: t("canned.delete.confirm"),
                                  cancel: t("canned.delete.cancel"),
                                }}
                              />
                            </div>
                          )}
                        </div>
                      </li>
                    ),
                  )}
                </ul>
              </Card>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
