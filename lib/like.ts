/** A LIKE pattern matching `text` anywhere; `%`, `_` and `\` typed by a user are searched for, not used as wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
