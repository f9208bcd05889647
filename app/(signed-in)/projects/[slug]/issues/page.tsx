import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { countIssuesByState, listIssues } from "@/lib/db/issues";
import { currentTime } from "@/lib/format/current-time";
import { loadProjectForPage } from "@/lib/projects/project-for-page";
import { IssueList } from "@/components/issues/issue-list";
import { IssueStateTabs } from "@/components/issues/issue-state-tabs";
import { buttonClasses } from "@/components/ui/button";

// /projects/{slug}/issues — the project's built-in issues (Reporter+), newest first, Open by
// default; `?state=closed|all` and `?page=N` keep the view in the URL.

export const metadata: Metadata = { title: "Issues · Faultline" };

const PER_PAGE = 20;

const IssueListQuery = z.object({
  state: z.enum(["opened", "closed", "all"]).catch("opened"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export default async function IssuesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { access } = await loadProjectForPage(slug, "issues:read");
  if (!access.ok && access.error.kind === "not-found") notFound();
  if (!access.ok) {
    return (
      <main>
        <h1 className="text-xl font-semibold text-gray-900">Issues</h1>
        <p className="mt-2 text-sm text-gray-600">You need the Reporter role or higher to see this project&apos;s issues.</p>
      </main>
    );
  }
  const { project } = access.value;
  const query = IssueListQuery.parse(await searchParams);
  const [counts, { issues, hasMore }] = await Promise.all([
    countIssuesByState(project.id),
    listIssues(project.id, { state: query.state, offset: (query.page - 1) * PER_PAGE, limit: PER_PAGE }),
  ]);
  const base = `/projects/${encodeURIComponent(project.slug)}/issues`;
  const pageHref = (page: number) => {
    const search = new URLSearchParams();
    if (query.state !== "opened") search.set("state", query.state);
    if (page > 1) search.set("page", String(page));
    const text = search.toString();
    return text ? `${base}?${text}` : base;
  };

  return (
    <main className="max-w-5xl">
      <h1 className="text-xl font-semibold text-gray-900">Issues</h1>
      <p className="mt-1 text-sm text-gray-600">Created from errors with Create issue on an error&apos;s page.</p>
      <IssueStateTabs base={base} current={query.state} counts={counts} />
      <IssueList slug={project.slug} issues={issues} now={currentTime()} state={query.state} />
      {query.page > 1 || hasMore ? (
        <nav aria-label="Pagination" className="mt-4 flex justify-between gap-2">
          {query.page > 1 ? (
            <Link href={pageHref(query.page - 1)} className={buttonClasses("secondary")}>
              Previous
            </Link>
          ) : (
            <span />
          )}
          {hasMore ? (
            <Link href={pageHref(query.page + 1)} className={buttonClasses("secondary")}>
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </main>
  );
}
