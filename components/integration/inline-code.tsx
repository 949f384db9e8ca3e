import { Fragment } from "react";

export const inlineCodeClass = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800";

/** Text from the API document, where `backticks` mark code (the only markup its descriptions use). */
export function InlineCode({ text }: { text: string }) {
  return text.split("`").map((part, index) =>
    index % 2 === 1 ? (
      <code key={index} className={inlineCodeClass}>
        {part}
      </code>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}
