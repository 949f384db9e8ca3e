import { cn } from "@/components/ui/cn";

const tones: Record<string, string> = {
  GET: "bg-green-50 text-green-800 ring-green-200",
  POST: "bg-blue-50 text-blue-800 ring-blue-200",
  PUT: "bg-amber-50 text-amber-900 ring-amber-200",
  PATCH: "bg-amber-50 text-amber-900 ring-amber-200",
  DELETE: "bg-red-50 text-red-800 ring-red-200",
};

/** An HTTP method as a coloured label of fixed width, so that paths beside it line up. */
export function MethodBadge({ method, small }: { method: string; small?: boolean }) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded font-mono font-semibold ring-1 ring-inset",
        small ? "w-12 px-1 py-px text-[0.65rem]" : "w-16 px-1.5 py-0.5 text-xs",
        tones[method] ?? "bg-slate-100 text-slate-700 ring-slate-200",
      )}
    >
      {method}
    </span>
  );
}
