import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiReference } from "@/components/integration/api-reference";
import type { OpenApiDocument } from "@/components/integration/openapi-schema";
import { apiDocument } from "@/lib/integration/api";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiDocs");
  return { title: t("title"), description: t("description") };
}

/**
 * The REST API's reference for people: public, like the OpenAPI document it is read from (built
 * here, not fetched), so that every operation added to the API appears without changes here.
 */
export default function ApiDocsPage() {
  const document = apiDocument() as unknown as OpenApiDocument;
  return <ApiReference document={document} documentUrl="/api/v1/openapi.json" />;
}
