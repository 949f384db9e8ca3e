import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/** A bordered, horizontally scrolling table with a grey header row. */
export function Table({ head, children, className, bodyClassName }: { head: ReactNode; children: ReactNode; className?: string; bodyClassName?: string }) {
  return (
    <div className={cn("relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs", className)}>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>{head}</tr>
        </thead>
        <tbody className={cn("divide-y divide-slate-100", bodyClassName)}>{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-4 py-3 font-medium", className)} {...props} />;
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3", className)} {...props} />;
}
