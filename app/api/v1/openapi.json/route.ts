import { env } from "@/lib/env";
import { apiOperations } from "@/lib/integration/api";
import { openApiDocument } from "@/lib/integration/openapi";

/** The API's OpenAPI 3.1 document; public, as it describes and holds nothing private. */
export function GET() {
  return Response.json(openApiDocument(apiOperations, new URL("/api/v1", env.APP_URL).toString()));
}
