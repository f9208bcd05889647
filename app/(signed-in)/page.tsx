import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/db/projects";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Projects · Faultline" };

export default async function ProjectsPage() {
  const user = await requireSessionUser();
  const projects = await listProjectsForUser(user);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold text-gray-900">Projects</h1>
      <p className="mt-1 text-sm text-gray-600">
        {user.isAdmin ? "Every project on this instance." : "The projects you are a member of."}
      </p>
      <div className="mt-6">
        {projects.length === 0 ? (
          <EmptyState title="No projects yet">
            {user.isAdmin ? (
              <p>
                Create one with <code className="rounded bg-gray-100 px-1">npm run cli -- project create --name &quot;My app&quot;</code>.
              </p>
            ) : (
              <p>Ask a project&apos;s Maintainer to add you as a member.</p>
            )}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-gray-200 overflow-hidden rounded-lg border border-gray-200 bg-white">
            {projects.map((project) => (
              <li key={project.id}>
                <Link
                  href={`/projects/${encodeURIComponent(project.slug)}/error-tracking`}
                  className="block px-4 py-3 hover:bg-gray-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
                >
                  <span className="block font-medium text-blue-700">{project.name}</span>
                  <span className="block text-sm text-gray-500">{project.slug}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}
