import Link from "next/link";
import { errorListHref, nextPage, previousPage, type ErrorListState } from "@/lib/errors/error-list-query";

// "Previous" and "Next" as links, so each page has an address and Back returns to it. A
// disabled direction is plain text, not a link.

const linkClasses =
  "rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 shadow-sm hover:bg-gray-50 " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
const disabledClasses = "rounded-md border border-gray-200 px-3 py-1.5 text-sm font-medium text-gray-400";

export function ErrorListPagination({ slug, state, nextCursor }: { slug: string; state: ErrorListState; nextCursor: string | null }) {
  const previous = previousPage(state);
  if (!previous && !nextCursor) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      {previous ? (
        <Link href={errorListHref(slug, previous)} className={linkClasses} scroll={false}>
          Previous
        </Link>
      ) : (
        <span aria-disabled="true" className={disabledClasses}>
          Previous
        </span>
      )}
      {nextCursor ? (
        <Link href={errorListHref(slug, nextPage(state, nextCursor))} className={linkClasses} scroll={false}>
          Next
        </Link>
      ) : (
        <span aria-disabled="true" className={disabledClasses}>
          Next
        </span>
      )}
    </nav>
  );
}
