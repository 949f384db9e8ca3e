import en from "./messages/en.json";

/** A catalog key in English, for callers without a locale (CLI, API); the key itself if unknown. */
export function englishMessage(key: string): string {
  let node: unknown = en;
  for (const part of key.split(".")) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === "string" ? node : key;
}
