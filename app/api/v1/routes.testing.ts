import { readdirSync } from "node:fs";
import path from "node:path";
import type { Operation } from "@/lib/integration/operation";

const root = import.meta.dirname;
const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

type Handler = ((request: Request, context: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>) & { operation?: Operation };

/** Every `route.ts` under `app/api/v1`, with the API path its folder names (`[customerId]` → `{customerId}`). */
function routeFiles(dir = root): { file: string; path: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const apiPath = `/${path.relative(root, dir).split(path.sep).map((part) => part.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
    return [{ file: full, path: apiPath }];
  });
}

/** For tests: every handler the route files of the API export, by method and path. */
export async function apiRouteHandlers(): Promise<{ method: (typeof methods)[number]; path: string; handler: Handler }[]> {
  const found = [];
  for (const route of routeFiles()) {
    const exports = (await import(route.file)) as Record<string, Handler>;
    for (const method of methods) if (exports[method]) found.push({ method, path: route.path, handler: exports[method] });
  }
  return found;
}
