import Link from "next/link";
import {
  columnFilteringFeature,
  createColumnHelper,
  filterFn_equalsString,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import type { ErrorSort, TrackedErrorSummary } from "@/lib/errors/backend";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";

// The error list's columns (SPEC §6): error (title + culprit), events, users, first seen, last
// seen, status. The table runs in manual mode: sorting, the status filter and the search are
// state the URL owns and the database applies; these features only carry that state.

export interface ErrorTableMeta {
  slug: string;
  /** The server's clock when the page was rendered, for "5 minutes ago". */
  now: number;
}

export interface ErrorColumnMeta {
  /** Classes for the column's header and cells (narrow screens hide the secondary columns). */
  className?: string;
}

export const errorTableFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  filterFns: { equalsString: filterFn_equalsString },
  tableMeta: {} as ErrorTableMeta,
  columnMeta: {} as ErrorColumnMeta,
});

/** The column each sort orders by; the list only sorts descending. */
export const SORT_COLUMN = {
  last_seen: "lastSeenAt",
  first_seen: "firstSeenAt",
  frequency: "eventsCount",
} as const satisfies Record<ErrorSort, keyof TrackedErrorSummary>;

const helper = createColumnHelper<typeof errorTableFeatures, TrackedErrorSummary>();

const count = (n: number) => n.toLocaleString("en");
const secondary = "hidden md:table-cell";

export const errorColumns = helper.columns([
  helper.accessor("title", {
    id: "error",
    header: "Error",
    enableSorting: false,
    enableColumnFilter: false,
    meta: { className: "w-full min-w-0" },
    cell: ({ row, table }) => {
      const error = row.original;
      const { slug, now } = table.options.meta!;
      return (
        <div className="min-w-0">
          <Link
            href={`/projects/${encodeURIComponent(slug)}/error-tracking/${error.id}`}
            className="font-medium break-words text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          >
            {error.title}
          </Link>
          {error.culprit ? <p className="mt-0.5 font-mono text-xs break-all text-gray-600">{error.culprit}</p> : null}
          <p className="mt-1 text-xs text-gray-600 sm:hidden">
            Last seen <RelativeTime date={error.lastSeenAt} now={now} /> · <StatusBadge status={error.status} />
          </p>
        </div>
      );
    },
  }),
  helper.accessor("eventsCount", {
    header: "Events",
    enableColumnFilter: false,
    meta: { className: "text-right tabular-nums" },
    cell: ({ getValue }) => count(getValue()),
  }),
  helper.accessor("usersCount", {
    header: "Users",
    enableSorting: false,
    enableColumnFilter: false,
    meta: { className: `${secondary} text-right tabular-nums` },
    cell: ({ getValue }) => count(getValue()),
  }),
  helper.accessor("firstSeenAt", {
    header: "First seen",
    enableColumnFilter: false,
    meta: { className: `${secondary} whitespace-nowrap` },
    cell: ({ getValue, table }) => <RelativeTime date={getValue()} now={table.options.meta!.now} />,
  }),
  helper.accessor("lastSeenAt", {
    header: "Last seen",
    enableColumnFilter: false,
    meta: { className: "hidden sm:table-cell whitespace-nowrap" },
    cell: ({ getValue, table }) => <RelativeTime date={getValue()} now={table.options.meta!.now} />,
  }),
  helper.accessor("status", {
    header: "Status",
    enableSorting: false,
    filterFn: "equalsString",
    meta: { className: secondary },
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
]);
