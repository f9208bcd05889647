import { redirect } from "next/navigation";

// A project's address opens its error list.

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  redirect(`/projects/${encodeURIComponent(slug)}/error-tracking`);
}
