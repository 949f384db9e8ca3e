import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientNamespaces, pickMessages } from "./client-messages";
import en from "./messages/en.json";

/** Every file under `folder` whose code runs in the browser. */
function clientFiles(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file) && !file.includes("node_modules"))
    .map((file) => path.join(folder, file))
    .filter((file) => /^["']use client["'];?$/m.test(fs.readFileSync(file, "utf8")));
}

const covered = (key: string) => clientNamespaces.some((namespace) => key === namespace || key.startsWith(`${namespace}.`));

describe("the messages sent to the browser", () => {
  const files = ["app", "components", "lib"].flatMap(clientFiles);

  it("hold every namespace a client component translates", () => {
    expect(files.length).toBeGreaterThan(20);
    const used = files.flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/useTranslations\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => `${file}: ${match[1]}`));
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((entry) => !covered(entry.split(": ")[1]!))).toEqual([]);
  });

  it("hold every key a client component translates from the whole catalog", () => {
    const keys = files.flatMap((file) => {
      const code = fs.readFileSync(file, "utf8");
      return [...code.matchAll(/const (\w+) = useTranslations\(\s*\)/g)].flatMap(([, name]) =>
        [...code.matchAll(new RegExp(`\\b${name}(?:\\.has)?\\(\\s*["']([^"']+)["']`, "g"))].map((match) => `${file}: ${match[1]}`),
      );
    });
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.filter((entry) => !covered(entry.split(": ")[1]!))).toEqual([]);
  });

  it("name only namespaces that exist, none inside another", () => {
    const picked = pickMessages(en, clientNamespaces);
    for (const namespace of clientNamespaces) {
      const value = namespace.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], picked);
      expect(value, namespace).toBeTypeOf("object");
      expect(clientNamespaces.filter((other) => namespace.startsWith(`${other}.`)), namespace).toEqual([]);
    }
  });

  it("leave the server's own namespaces out", () => {
    const picked = pickMessages(en, clientNamespaces);
    expect(picked).not.toHaveProperty("reports");
    expect(picked).not.toHaveProperty("mail");
    expect(picked).not.toHaveProperty("portal.card");
    expect(picked).toHaveProperty("membershipAdmin.tiers");
    expect(picked).not.toHaveProperty("membershipAdmin.ledger");
    expect(JSON.stringify(picked).length).toBeLessThan(JSON.stringify(en).length * 0.7);
  });
});
