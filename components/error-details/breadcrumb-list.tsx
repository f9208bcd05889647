import type { Breadcrumb } from "@/lib/errors/event-sections";
import { formatExactTime } from "@/lib/format/relative-time";

// The latest event's breadcrumbs, oldest first (the last one happened just before the error).

const LEVEL_CLASSES: Record<string, string> = {
  fatal: "text-red-800",
  error: "text-red-700",
  warning: "text-amber-800",
};

export function BreadcrumbList({ breadcrumbs }: { breadcrumbs: Breadcrumb[] }) {
  return (
    <ol aria-label="Breadcrumbs" className="divide-y divide-gray-100 text-sm">
      {breadcrumbs.map((crumb, index) => (
        <li key={index} className="grid grid-cols-1 gap-x-4 py-2 sm:grid-cols-[10rem_1fr]">
          <div className="text-xs text-gray-600">
            {crumb.timestamp ? (
              <time dateTime={crumb.timestamp.toISOString()} className="font-mono">
                {formatExactTime(crumb.timestamp).slice(11, 19)}
              </time>
            ) : null}
            <span className={`ml-2 font-medium ${LEVEL_CLASSES[crumb.level ?? ""] ?? "text-gray-700"}`}>
              {crumb.category ?? crumb.type ?? "default"}
            </span>
          </div>
          <div className="min-w-0">
            {crumb.message ? <p className="break-words text-gray-900">{crumb.message}</p> : null}
            {crumb.data.length > 0 ? (
              <p className="mt-0.5 font-mono text-xs break-all text-gray-600">
                {crumb.data.map((entry) => `${entry.key}: ${entry.value}`).join("  ")}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
