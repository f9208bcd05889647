"use client";

import { useCallback, useMemo, useTransition } from "react";
import { useRouter } from "next/navigation";
import { functionalUpdate, useTable, type ColumnFiltersState, type SortingState } from "@tanstack/react-table";
import type { ErrorSort, ErrorStatus, TrackedErrorSummary } from "@/lib/errors/backend";
import {
  ERROR_SORTS,
  ERROR_STATUSES,
  SORT_LABELS,
  STATUS_LABELS,
  errorListHref,
  withFilters,
  type ErrorListState,
} from "@/lib/errors/error-list-query";
import { EmptyState } from "@/components/ui/empty-state";
import { SORT_COLUMN, errorColumns, errorTableFeatures } from "@/components/error-list/columns";
import { SearchBox } from "@/components/error-list/search-box";

// The error list's shell: search, status filter, sort and the table. The URL is the state
// (STYLE 2.6): the table runs in manual mode and every change it reports becomes a new URL —
// replaced while typing, pushed for filter and sort so Back undoes them — always back to the
// first page. The server renders the rows the database filtered, sorted and paged.

const sortOfColumn = (columnId: string | undefined): ErrorSort | undefined =>
  ERROR_SORTS.find((sort) => SORT_COLUMN[sort] === columnId);

const selectClasses =
  "w-full min-w-0 rounded-md border border-gray-300 bg-white py-1.5 pr-8 pl-3 text-sm shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600/30";

export function ErrorTable({
  slug,
  now,
  state,
  errors,
}: {
  slug: string;
  now: number;
  state: ErrorListState;
  errors: TrackedErrorSummary[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const navigate = useCallback(
    (next: ErrorListState, mode: "push" | "replace") => {
      const href = errorListHref(slug, next);
      startTransition(() => (mode === "push" ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false })));
    },
    [router, slug],
  );

  const sorting = useMemo<SortingState>(() => [{ id: SORT_COLUMN[state.sort], desc: true }], [state.sort]);
  const columnFilters = useMemo<ColumnFiltersState>(() => [{ id: "status", value: state.status }], [state.status]);

  const table = useTable({
    features: errorTableFeatures,
    columns: errorColumns,
    data: errors,
    getRowId: (error) => String(error.id),
    meta: { slug, now },
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting, columnFilters, globalFilter: state.search ?? "" },
    onSortingChange: (updater) => {
      const sort = sortOfColumn(functionalUpdate(updater, sorting)[0]?.id);
      if (sort && sort !== state.sort) navigate(withFilters(state, { sort }), "push");
    },
    onColumnFiltersChange: (updater) => {
      const status = functionalUpdate(updater, columnFilters).find((filter) => filter.id === "status")?.value as ErrorStatus | undefined;
      if (status && status !== state.status) navigate(withFilters(state, { status }), "push");
    },
    onGlobalFilterChange: (updater) => {
      const search = String(functionalUpdate(updater, state.search ?? "") ?? "").trim();
      if (search !== (state.search ?? "")) navigate(withFilters(state, { search: search || undefined }), "replace");
    },
  });

  const onSearch = useCallback(
    (search: string, mode: "typing" | "submit") => {
      if (mode === "typing") table.setGlobalFilter(search);
      else if (search !== (state.search ?? "")) navigate(withFilters(state, { search: search || undefined }), "push");
    },
    [table, state, navigate],
  );

  const hiddenFields: Record<string, string> = {};
  if (state.status !== "unresolved") hiddenFields.status = state.status;
  if (state.sort !== "last_seen") hiddenFields.sort = state.sort;

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <SearchBox
          value={state.search ?? ""}
          onSearch={onSearch}
          action={errorListHref(slug, {})}
          hiddenFields={hiddenFields}
        />
        <div className="flex gap-3">
          <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm text-gray-700 sm:flex-none sm:flex-row sm:items-center sm:gap-2">
            <span className="whitespace-nowrap">Status</span>
            <select
              value={state.status}
              onChange={(event) => table.getColumn("status")?.setFilterValue(event.target.value)}
              className={selectClasses}
            >
              {ERROR_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm text-gray-700 sm:flex-none sm:flex-row sm:items-center sm:gap-2">
            <span className="whitespace-nowrap">Sort by</span>
            <select
              value={state.sort}
              onChange={(event) => table.setSorting([{ id: SORT_COLUMN[event.target.value as ErrorSort], desc: true }])}
              className={selectClasses}
            >
              {ERROR_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      <div aria-busy={pending} className={pending ? "opacity-60 transition-opacity" : "transition-opacity"}>
        {errors.length === 0 ? (
          <EmptyState title={state.search ? `No ${STATUS_LABELS[state.status].toLowerCase()} errors match “${state.search}”` : `No ${STATUS_LABELS[state.status].toLowerCase()} errors`}>
            {state.search ? (
              <p>Try another search, or a different status.</p>
            ) : state.status === "unresolved" ? (
              <p>New errors appear here as soon as your applications send them.</p>
            ) : (
              <p>Errors you mark as {STATUS_LABELS[state.status].toLowerCase()} appear here.</p>
            )}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="w-full min-w-0 text-left text-sm">
              <caption className="sr-only">
                {STATUS_LABELS[state.status]} errors, sorted by {SORT_LABELS[state.sort].toLowerCase()}
              </caption>
              <thead className="border-b border-gray-200 bg-gray-50 text-xs font-semibold text-gray-600">
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={header.column.getIsSorted() === "desc" ? "descending" : undefined}
                        className={`px-3 py-2 ${header.column.columnDef.meta?.className ?? ""}`}
                      >
                        <table.FlexRender header={header} />
                        {header.column.getIsSorted() === "desc" ? <span aria-hidden="true"> ↓</span> : null}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
              <tbody className="divide-y divide-gray-100">
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} className="align-top hover:bg-gray-50">
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id} className={`px-3 py-2.5 ${cell.column.columnDef.meta?.className ?? ""}`}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
