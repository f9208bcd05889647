import { z } from "zod";
import type { ErrorListQuery, ErrorSort, ErrorStatus } from "@/lib/errors/backend";

// The error list's state as it lives in the URL (STYLE 2.6): search, status, sort and the
// cursor of the page shown, plus the cursors of the pages before it so "Previous" needs no
// server state. Parsed once on the server with the defaults (unresolved, last seen); links and
// the client controls build their URLs with `errorListHref`, which leaves defaults out so the
// first page has one canonical address. Not server-only: the table shell builds URLs with it.

export const ERROR_STATUSES = ["unresolved", "resolved", "ignored"] as const satisfies readonly ErrorStatus[];
export const ERROR_SORTS = ["last_seen", "first_seen", "frequency"] as const satisfies readonly ErrorSort[];

export const STATUS_LABELS: Record<ErrorStatus, string> = { unresolved: "Unresolved", resolved: "Resolved", ignored: "Ignored" };
export const SORT_LABELS: Record<ErrorSort, string> = { last_seen: "Last seen", first_seen: "First seen", frequency: "Frequency" };

export const ERRORS_PER_PAGE = 20;
export const MAX_SEARCH_LENGTH = 200;
/** Older cursors are dropped from the URL beyond this; "Previous" then ends at the first page. */
export const MAX_PREVIOUS_CURSORS = 20;

const DEFAULT_STATUS: ErrorStatus = "unresolved";
const DEFAULT_SORT: ErrorSort = "last_seen";

/** Next passes a repeated parameter as an array; a single one is what we want from those. */
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const nonEmpty = (value: string) => (value === "" ? undefined : value);

/** Unknown or malformed values fall back to the defaults rather than failing the page. */
export const ErrorListSearchParams = z.object({
  search: z.preprocess(
    single,
    z.string().transform((s) => nonEmpty(s.trim().slice(0, MAX_SEARCH_LENGTH))).optional().catch(undefined),
  ),
  status: z.preprocess(single, z.enum(ERROR_STATUSES).catch(DEFAULT_STATUS)),
  sort: z.preprocess(single, z.enum(ERROR_SORTS).catch(DEFAULT_SORT)),
  cursor: z.preprocess(single, z.string().max(1000).transform(nonEmpty).optional().catch(undefined)),
  prev: z.preprocess(
    list,
    z
      .array(z.string().min(1).max(1000))
      .transform((cursors) => cursors.slice(-MAX_PREVIOUS_CURSORS))
      .catch([]),
  ),
});
export type ErrorListState = z.infer<typeof ErrorListSearchParams>;

export function parseErrorListSearchParams(searchParams: Record<string, string | string[] | undefined>): ErrorListState {
  return ErrorListSearchParams.parse(searchParams);
}

/** What the backend is asked for. */
export function toBackendQuery(state: ErrorListState): ErrorListQuery {
  return { status: state.status, search: state.search, sort: state.sort, cursor: state.cursor, perPage: ERRORS_PER_PAGE };
}

/** The list's address for `state`, defaults left out. */
export function errorListHref(slug: string, state: Partial<ErrorListState>): string {
  const params = new URLSearchParams();
  if (state.search) params.set("search", state.search);
  if (state.status && state.status !== DEFAULT_STATUS) params.set("status", state.status);
  if (state.sort && state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.cursor) {
    params.set("cursor", state.cursor);
    for (const cursor of (state.prev ?? []).slice(-MAX_PREVIOUS_CURSORS)) params.append("prev", cursor);
  }
  const query = params.toString();
  return `/projects/${encodeURIComponent(slug)}/error-tracking${query ? `?${query}` : ""}`;
}

/** The same list with a new search, status or sort: always back to the first page. */
export function withFilters(state: ErrorListState, changes: Partial<Pick<ErrorListState, "search" | "status" | "sort">>): ErrorListState {
  return { ...state, ...changes, cursor: undefined, prev: [] };
}

/** The page after this one, given the backend's `nextCursor`. */
export function nextPage(state: ErrorListState, nextCursor: string): ErrorListState {
  return { ...state, cursor: nextCursor, prev: state.cursor ? [...state.prev, state.cursor] : [] };
}

/** The page before this one, or null on the first page. */
export function previousPage(state: ErrorListState): ErrorListState | null {
  if (!state.cursor) return null;
  return { ...state, cursor: state.prev.at(-1), prev: state.prev.slice(0, -1) };
}
