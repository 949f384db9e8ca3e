import { BookOpen, FileJson } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { englishMessage } from "@/lib/i18n/english";
import { scopeDescriptions, scopes } from "@/lib/integration/scopes";
import { ApiOperation } from "./api-operation";
import { CodeBlock, type CopyLabels } from "./code-block";
import { InlineCode, inlineCodeClass } from "./inline-code";
import { MethodBadge } from "./method-badge";
import { operationsByTag, type OpenApiDocument } from "./openapi-schema";

const introSections = ["overview", "authentication", "scopes", "errors", "idempotency", "pagination", "rateLimits"] as const;
const anchorOf = (section: (typeof introSections)[number]) => section.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const tagAnchor = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
const errorStatuses = ["400", "401", "403", "404", "409", "413", "422", "429", "500"] as const;

const code = (chunks: ReactNode) => <code className={inlineCodeClass}>{chunks}</code>;

/**
 * The API reference for people, read from the OpenAPI document: an introduction to what every
 * call shares, a table of contents by tag, and each operation.
 */
export async function ApiReference({ document, documentUrl }: { document: OpenApiDocument; /** Where the JSON document is served. */ documentUrl: string }) {
  const t = await getTranslations("apiDocs");
  const tAll = await getTranslations();
  const groups = operationsByTag(document);
  const serverUrl = document.servers?.[0]?.url ?? "/api/v1";
  const copyLabels: CopyLabels = { copy: t("copy"), copied: t("copied"), failed: t("copyFailed") };
  const operationsOf = (scope: string) => groups.flatMap((group) => group.operations).filter((entry) => entry.scopes.includes(scope));
  const errorExample = JSON.stringify(
    { error: { code: "validation", message: englishMessage("errors.VALIDATION"), fields: { email: [englishMessage("validation.email")] } } },
    null,
    2,
  );

  const contents = (
    <>
      <p className="px-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("introduction")}</p>
      <ul className="mt-1 mb-4 space-y-0.5">
        {introSections.map((section) => (
          <li key={section}>
            <a href={`#${anchorOf(section)}`} className="block rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900">
              {t(`sections.${section}`)}
            </a>
          </li>
        ))}
      </ul>
      {groups.map((group) => (
        <div key={group.tag} className="mb-4">
          <a href={`#${tagAnchor(group.tag)}`} className="block rounded px-2 py-1 text-xs font-semibold tracking-wide text-slate-500 uppercase hover:bg-slate-100 hover:text-slate-900">
            {group.tag}
          </a>
          <ul className="mt-0.5 space-y-0.5">
            {group.operations.map((entry) => (
              <li key={entry.id}>
                <a href={`#${entry.id}`} className="flex items-center gap-2 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900">
                  <MethodBadge method={entry.method} small />
                  <span className="min-w-0 truncate">{entry.operation.summary ?? entry.path}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );

  const section = (name: (typeof introSections)[number], children: ReactNode) => (
    <section id={anchorOf(name)} aria-labelledby={`${anchorOf(name)}-title`} className="scroll-mt-6 space-y-3">
      <h3 id={`${anchorOf(name)}-title`} className="text-base font-semibold text-slate-900">
        <a href={`#${anchorOf(name)}`} className="hover:underline">
          {t(`sections.${name}`)}
        </a>
      </h3>
      {children}
    </section>
  );
  const prose = "text-sm leading-relaxed text-slate-700";

  return (
    <div className="min-h-dvh">
      <a href="#reference" className="sr-only rounded-md bg-white px-4 py-2 text-sm font-medium shadow focus:not-sr-only focus:absolute focus:top-3 focus:left-3 focus:z-10">
        {t("skip")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-4 py-5 sm:px-6 lg:px-8">
          <div className="flex min-w-0 items-center gap-3">
            <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-brand-600 text-white">
              <BookOpen className="size-5" aria-hidden />
            </span>
            <div className="min-w-0">
              <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">{document.info.title}</h1>
              <p className="text-sm text-slate-600">{t("version", { version: document.info.version, openapi: document.openapi })}</p>
            </div>
          </div>
          <a href={documentUrl} className={buttonClass("secondary")}>
            <FileJson className="size-4" aria-hidden />
            {t("openapiLink")}
          </a>
        </div>
      </header>

      <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10 lg:px-8 lg:py-8">
        <details className="mb-6 rounded-lg border border-slate-200 bg-white lg:hidden">
          <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-slate-800">{t("contents")}</summary>
          <nav aria-label={t("contents")} className="max-h-[60dvh] overflow-y-auto border-t border-slate-200 p-2">
            {contents}
          </nav>
        </details>
        <nav aria-label={t("contents")} className="hidden lg:sticky lg:top-6 lg:block lg:max-h-[calc(100dvh-3rem)] lg:self-start lg:overflow-y-auto lg:pb-6">
          {contents}
        </nav>

        <main id="reference" tabIndex={-1} className="min-w-0 space-y-10 focus:outline-none">
          <section aria-labelledby="introduction-title" className="space-y-8 rounded-lg border border-slate-200 bg-white p-5 shadow-xs sm:p-8">
            <h2 id="introduction-title" className="text-lg font-semibold text-slate-900">
              {t("introduction")}
            </h2>

            {section(
              "overview",
              <>
                {document.info.description && (
                  <p className={prose}>
                    <InlineCode text={document.info.description} />
                  </p>
                )}
                <p className={prose}>{t("baseUrl")}</p>
                <CodeBlock code={serverUrl} label={t("baseUrlLabel")} copyLabels={copyLabels} />
                <p className={prose}>
                  {t.rich("referenceBody", {
                    link: (chunks) => (
                      <a href={documentUrl} className="font-medium text-brand-700 underline">
                        {chunks}
                      </a>
                    ),
                  })}
                </p>
              </>,
            )}

            {section(
              "authentication",
              <>
                <p className={prose}>{t.rich("authenticationBody", { code, header: "Authorization: Bearer mcrm_…" })}</p>
                <p className={prose}>{t("authenticationSafety")}</p>
              </>,
            )}

            {section(
              "scopes",
              <>
                <p className={prose}>{t.rich("scopesBody", { code })}</p>
                <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
                  {scopes.map((scope) => (
                    <li key={scope} className="px-3 py-2.5 sm:grid sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
                      <code className="font-mono text-sm font-semibold text-slate-900">{scope}</code>
                      <div className="mt-1 min-w-0 text-sm sm:mt-0">
                        <p className="text-slate-700">{tAll(scopeDescriptions[scope])}</p>
                        {operationsOf(scope).length > 0 && (
                          <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-label={t("scopeOperations", { scope })}>
                            {operationsOf(scope).map((entry) => (
                              <li key={entry.id}>
                                <a href={`#${entry.id}`} className="text-brand-700 hover:underline">
                                  {entry.operation.summary ?? `${entry.method} ${entry.path}`}
                                </a>
                              </li>
                            ))}
                          </ul>
                        )}
                      </div>
                    </li>
                  ))}
                </ul>
              </>,
            )}

            {section(
              "errors",
              <>
                <p className={prose}>{t.rich("errorsBody", { code })}</p>
                <CodeBlock code={errorExample} label={t("errorExampleLabel")} copyLabels={copyLabels} />
                <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
                  {errorStatuses.map((status) => (
                    <li key={status} className="flex gap-3 px-3 py-2">
                      <span className="shrink-0 rounded bg-red-50 px-2 py-0.5 font-mono text-xs font-semibold text-red-800">{status}</span>
                      <span className="min-w-0 text-slate-700">{t.rich(`errorStatuses.status${status}`, { code })}</span>
                    </li>
                  ))}
                </ul>
              </>,
            )}

            {section("idempotency", <p className={prose}>{t.rich("idempotencyBody", { code })}</p>)}

            {section("pagination", <p className={prose}>{t.rich("paginationBody", { code, shape: "{ data, nextCursor }" })}</p>)}

            {section("rateLimits", <p className={prose}>{t.rich("rateLimitsBody", { code })}</p>)}
          </section>

          {groups.map((group) => (
            <section key={group.tag} id={tagAnchor(group.tag)} aria-labelledby={`${tagAnchor(group.tag)}-title`} className="scroll-mt-6 space-y-4">
              <div>
                <h2 id={`${tagAnchor(group.tag)}-title`} className="text-xl font-semibold tracking-tight text-slate-900">
                  <a href={`#${tagAnchor(group.tag)}`} className="hover:underline">
                    {group.tag}
                  </a>
                </h2>
                {group.description && (
                  <p className="mt-1 text-sm text-slate-600">
                    <InlineCode text={group.description} />
                  </p>
                )}
              </div>
              {group.operations.map((entry) => (
                <ApiOperation key={entry.id} document={document} entry={entry} serverUrl={serverUrl} copyLabels={copyLabels} />
              ))}
            </section>
          ))}
        </main>
      </div>
    </div>
  );
}
