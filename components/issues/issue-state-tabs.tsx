import Link from "next/link";
import type { IssueState } from "@/lib/generated/prisma/enums";

// Open / Closed / All above the issue list, each with its count; links, so the URL holds the view.

type Filter = IssueState | "all";

const TABS: Array<{ filter: Filter; label: string }> = [
  { filter: "opened", label: "Open" },
  { filter: "closed", label: "Closed" },
  { filter: "all", label: "All" },
];

export function IssueStateTabs({ base, current, counts }: { base: string; current: Filter; counts: Record<IssueState, number> }) {
  const countOf = (filter: Filter) => (filter === "all" ? counts.opened + counts.closed : counts[filter]);
  return (
    <nav aria-label="Issue state" className="mt-4 border-b border-gray-200">
      <ul className="-mb-px flex gap-4">
        {TABS.map(({ filter, label }) => {
          const selected = filter === current;
          return (
            <li key={filter}>
              <Link
                href={filter === "opened" ? base : `${base}?state=${filter}`}
                aria-current={selected ? "page" : undefined}
                className={
                  "inline-flex items-center gap-1.5 border-b-2 px-1 pb-2 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 " +
                  (selected ? "border-blue-600 font-semibold text-gray-900" : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900")
                }
              >
                {label}
                <span className="rounded-full bg-gray-100 px-1.5 text-xs text-gray-700">{countOf(filter)}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
