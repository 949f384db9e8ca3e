/** A page-shaped placeholder while a page loads: a title, a toolbar and `rows` lines. */
export function PageSkeleton({ rows = 8, toolbar = true }: { rows?: number; toolbar?: boolean }) {
  return (
    <div aria-busy="true" className="animate-pulse space-y-4">
      <div className="h-8 w-48 rounded bg-slate-200" />
      {toolbar && <div className="h-10 w-full max-w-sm rounded bg-slate-200" />}
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-6 rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
