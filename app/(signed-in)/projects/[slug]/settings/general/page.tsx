import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { deleteProjectAction } from "@/app/(signed-in)/projects/[slug]/settings/general/actions";
import { loadProjectForPage } from "@/lib/projects/project-for-page";
import { DeleteProjectForm } from "@/components/settings/delete-project-form";

// /projects/{slug}/settings/general — the project itself; for now, deleting it (Owner).

export const metadata: Metadata = { title: "General settings · Faultline" };

export default async function GeneralSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { access } = await loadProjectForPage(slug, "project:delete");
  if (!access.ok && access.error.kind === "not-found") notFound();
  if (!access.ok) {
    return (
      <main>
        <h1 className="text-xl font-semibold text-gray-900">General settings</h1>
        <p className="mt-2 text-sm text-gray-600">You need the Owner role to change this project&apos;s general settings.</p>
      </main>
    );
  }
  const { project } = access.value;
  return (
    <main className="max-w-4xl space-y-6">
      <h1 className="text-xl font-semibold text-gray-900">General settings</h1>
      <DeleteProjectForm action={deleteProjectAction.bind(null, project.slug)} projectName={project.name} projectSlug={project.slug} />
    </main>
  );
}
