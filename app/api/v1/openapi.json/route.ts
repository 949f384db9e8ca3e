import { apiDocument } from "@/lib/integration/api";

/** The API's OpenAPI 3.1 document; public, as it describes and holds nothing private. */
export function GET() {
  return Response.json(apiDocument());
}
