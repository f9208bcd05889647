// While the list loads: the page's frame with placeholder rows.

export default function ErrorListLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-live="polite">
      <h1 className="text-xl font-semibold text-gray-900">Error Tracking</h1>
      <p className="sr-only">Loading errors…</p>
      <div className="h-9 animate-pulse rounded-md bg-gray-200" />
      <div className="divide-y divide-gray-100 rounded-lg border border-gray-200 bg-white">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="space-y-2 px-3 py-3">
            <div className="h-4 w-2/3 animate-pulse rounded bg-gray-200" />
            <div className="h-3 w-1/3 animate-pulse rounded bg-gray-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
