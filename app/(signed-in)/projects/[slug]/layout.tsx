import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import Link from "next/link";
import { loadProjectForPage, roleAllows } from "@/lib/projects/project-for-page";
import { NavLink } from "@/components/ui/nav-link";

// A project's frame: its name and the sidebar (Monitor > Error Tracking, Issues, Settings).
// Loads the project once for the request; each page below still checks its own action.
// Below the md breakpoint the sidebar folds into a disclosure above the content.

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, access } = await loadProjectForPage(slug, "errors:read");
  if (!access.ok && access.error.kind === "not-found") notFound();
  if (!access.ok) {
    return (
      <main className="mx-auto max-w-2xl px-4 py-12">
        <h1 className="text-xl font-semibold text-gray-900">No access</h1>
        <p className="mt-2 text-sm text-gray-600">Your role in this project does not let you see its errors or issues.</p>
      </main>
    );
  }
  const { project, role } = access.value;
  const base = `/projects/${encodeURIComponent(project.slug)}`;
  const canManageSettings = roleAllows(user, role, "settings:manage");
  const canManageMembers = roleAllows(user, role, "members:manage");
  const canDeleteProject = roleAllows(user, role, "project:delete");

  const nav = (
    <nav aria-label="Project navigation" className="space-y-4">
      <div>
        <p className="px-3 text-xs font-semibold tracking-wide text-gray-500 uppercase">Monitor</p>
        <ul className="mt-1 space-y-0.5">
          <li>
            <NavLink href={`${base}/error-tracking`}>Error Tracking</NavLink>
          </li>
        </ul>
      </div>
      <ul className="space-y-0.5">
        <li>
          <NavLink href={`${base}/issues`}>Issues</NavLink>
        </li>
      </ul>
      {canManageSettings || canManageMembers ? (
        <div>
          <p className="px-3 text-xs font-semibold tracking-wide text-gray-500 uppercase">Settings</p>
          <ul className="mt-1 space-y-0.5">
            {canManageSettings ? (
              <li>
                <NavLink href={`${base}/settings/monitor`}>Monitor</NavLink>
              </li>
            ) : null}
            {canManageMembers ? (
              <li>
                <NavLink href={`${base}/settings/members`}>Members</NavLink>
              </li>
            ) : null}
            {canDeleteProject ? (
              <li>
                <NavLink href={`${base}/settings/general`}>General</NavLink>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </nav>
  );

  return (
    <div className="mx-auto flex max-w-screen-2xl flex-col md:flex-row">
      <aside className="hidden w-56 shrink-0 border-r border-gray-200 bg-white px-2 py-4 md:block md:min-h-[calc(100vh-3rem)]">
        <Link href={base} className="mb-4 block truncate px-3 text-sm font-semibold text-gray-900 hover:underline" title={project.name}>
          {project.name}
        </Link>
        {nav}
      </aside>
      <details className="group border-b border-gray-200 bg-white md:hidden">
        <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-4 py-3 text-sm font-semibold text-gray-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 [&::-webkit-details-marker]:hidden">
          <span className="truncate">{project.name}</span>
          <span className="shrink-0 text-xs font-medium text-gray-600">
            Menu <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-180">▾</span>
          </span>
        </summary>
        <div className="px-2 pb-3">{nav}</div>
      </details>
      <div className="min-w-0 flex-1 px-4 py-6 md:px-8">{children}</div>
    </div>
  );
}
