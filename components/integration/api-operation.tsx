import { getTranslations } from "next-intl/server";
import { CodeBlock, type CopyLabels } from "./code-block";
import { InlineCode } from "./inline-code";
import { MethodBadge } from "./method-badge";
import { bodyShape, constraintsOf, contentSchema, curlExample, exampleOf, responsesOf, typeLabel, type DocumentedOperation, type OpenApiDocument } from "./openapi-schema";
import { BodyFields, FieldList } from "./schema-fields";

const headingClass = "text-sm font-semibold text-slate-900";

/** One operation for people: what it does, what it takes, what it answers, and a call to copy. */
export async function ApiOperation({ document, entry, serverUrl, copyLabels }: { document: OpenApiDocument; entry: DocumentedOperation; serverUrl: string; copyLabels: CopyLabels }) {
  const t = await getTranslations("apiDocs");
  const { operation, id } = entry;
  const title = operation.summary ?? `${entry.method} ${entry.path}`;
  const parameters = (operation.parameters ?? []).map((parameter) => ({
    path: parameter.name,
    parent: "",
    name: parameter.name,
    depth: 0,
    type: typeLabel(document, parameter.schema ?? {}),
    required: parameter.required ?? false,
    description: parameter.description ?? parameter.schema?.description,
    constraints: constraintsOf(parameter.schema ?? {}),
    location: parameter.in,
  }));
  const body = contentSchema(operation.requestBody?.content);
  const { success, errors } = responsesOf(operation);

  return (
    <article id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white shadow-xs">
      <header className="border-b border-slate-200 px-4 py-4 sm:px-6">
        <p className="flex flex-wrap items-center gap-2">
          <MethodBadge method={entry.method} />
          <code className="min-w-0 font-mono text-sm break-all text-slate-800">{entry.path}</code>
        </p>
        <h3 id={`${id}-title`} className="mt-2 text-lg font-semibold text-slate-900">
          <a href={`#${id}`} className="hover:underline" aria-describedby={`${id}-anchor`}>
            {title}
          </a>
        </h3>
        {/* Outside the heading, so that the heading's name is the operation's alone. */}
        <span id={`${id}-anchor`} className="sr-only">
          {t("anchor")}
        </span>
        {operation.description && (
          <p className="mt-1 text-sm text-slate-600">
            <InlineCode text={operation.description} />
          </p>
        )}
        {entry.scopes.length > 0 && (
          <p className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span>{t("scope")}</span>
            {entry.scopes.map((scope) => (
              <a key={scope} href="#scopes" className="rounded bg-brand-50 px-2 py-0.5 font-mono text-xs font-medium text-brand-700 hover:underline">
                {scope}
              </a>
            ))}
          </p>
        )}
      </header>

      <div className="space-y-6 px-4 py-5 sm:px-6">
        {parameters.length > 0 && (
          <section aria-labelledby={`${id}-parameters`} className="space-y-2">
            <h4 id={`${id}-parameters`} className={headingClass}>
              {t("parameters")}
            </h4>
            <FieldList fields={parameters} label={t("parameters")} />
          </section>
        )}

        {body && (
          <section aria-labelledby={`${id}-body`} className="space-y-2">
            <h4 id={`${id}-body`} className={headingClass}>
              {t("requestBody")} <span className="font-normal text-slate-500">application/json</span>
            </h4>
            <BodyFields shape={bodyShape(document, body)} label={t("requestBody")} />
          </section>
        )}

        <section aria-labelledby={`${id}-responses`} className="space-y-3">
          <h4 id={`${id}-responses`} className={headingClass}>
            {t("response")}
          </h4>
          {success.map((response) => (
            <div key={response.status} className="space-y-2">
              <p className="flex flex-wrap items-baseline gap-2 text-sm text-slate-700">
                <span className="rounded bg-green-50 px-2 py-0.5 font-mono text-xs font-semibold text-green-800">{response.status}</span>
                {response.description && <InlineCode text={response.description} />}
              </p>
              {response.schema ? (
                <>
                  <BodyFields shape={bodyShape(document, response.schema)} label={t("responseFields", { status: response.status })} />
                  <details className="group rounded-md border border-slate-200">
                    <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">{t("exampleResponse")}</summary>
                    <CodeBlock code={JSON.stringify(exampleOf(document, response.schema, { all: true }), null, 2)} label={t("exampleResponseLabel", { status: response.status })} copyLabels={copyLabels} className="m-3" />
                  </details>
                </>
              ) : (
                <p className="text-sm text-slate-600">{t("noContent")}</p>
              )}
            </div>
          ))}
          {errors.length > 0 && (
            <div className="space-y-2">
              <p className="text-sm text-slate-700">{t.rich("errorsIntro", { link: (chunks) => <a href="#errors" className="text-brand-700 underline">{chunks}</a> })}</p>
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
                {errors.map((response) => (
                  <li key={response.status} className="flex gap-3 px-3 py-2">
                    <span className="shrink-0 rounded bg-red-50 px-2 py-0.5 font-mono text-xs font-semibold text-red-800">{response.status}</span>
                    <span className="min-w-0 text-slate-700">{response.description && <InlineCode text={response.description} />}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>

        <section aria-labelledby={`${id}-example`} className="space-y-2">
          <h4 id={`${id}-example`} className={headingClass}>
            {t("exampleRequest")}
          </h4>
          <CodeBlock code={curlExample(document, serverUrl, entry)} label="curl" copyLabels={copyLabels} />
        </section>
      </div>
    </article>
  );
}
