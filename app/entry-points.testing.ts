import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Operation } from "@/lib/integration/operation";

const root = import.meta.dirname;

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, match);
    return match(entry.name) && !entry.name.includes(".test.") ? [full] : [];
  });
}

/** The URL path a file's folder answers at: route groups `(staff)` drop out. */
const urlOf = (file: string) =>
  `/${path
    .relative(root, path.dirname(file))
    .split(path.sep)
    .filter((part) => !/^\(.*\)$/.test(part))
    .join("/")}`;

export type FoundAction = { id: string; file: string; name: string; fn: (...args: unknown[]) => Promise<unknown> };
export type FoundRoute = {
  id: string;
  method: string;
  handler: ((request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>) & { operation?: Operation };
};

/** Every export of every `"use server"` file in the app: each is a public endpoint. */
export async function serverActions(): Promise<FoundAction[]> {
  const found: FoundAction[] = [];
  for (const file of files(root, (name) => /\.tsx?$/.test(name))) {
    if (!/^\s*["']use server["']/.test(readFileSync(file, "utf8"))) continue;
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function") found.push({ id: `${path.relative(root, file)}#${name}`, file, name, fn: value as FoundAction["fn"] });
    }
  }
  return found;
}

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every method every `route.ts` in the app exports, as `METHOD /path/[param]`. */
export async function routeHandlers(): Promise<FoundRoute[]> {
  const found: FoundRoute[] = [];
  for (const file of files(root, (name) => name === "route.ts")) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const method of methods) {
      if (typeof exports[method] === "function") found.push({ id: `${method} ${urlOf(file)}`, method, handler: exports[method] as FoundRoute["handler"] });
    }
  }
  return found;
}
