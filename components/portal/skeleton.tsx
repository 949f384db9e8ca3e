/** What a portal page shows while it loads: a heading and a few card-shaped blocks. */
export function PortalSkeleton({ blocks = 3, hero = false }: { blocks?: number; hero?: boolean }) {
  return (
    <div aria-busy="true" className="animate-pulse space-y-4">
      {hero ? <div className="h-72 rounded-2xl bg-slate-200" /> : <div className="h-7 w-40 rounded bg-slate-200" />}
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <div className="h-4 w-1/2 rounded bg-slate-100" />
          <div className="h-4 w-3/4 rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
