export default function Loading() {
  return (
    <div aria-busy="true" className="animate-pulse space-y-4">
      <div className="h-4 w-24 rounded bg-slate-200" />
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="grid grid-cols-3 gap-4">
            <div className="h-5 rounded bg-slate-100" />
            <div className="col-span-2 h-5 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
