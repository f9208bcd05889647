"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireProject, type ProjectAccessFailure } from "@/lib/auth/require-project";
import { getSessionUser } from "@/lib/auth/session";
import { deleteProjectAndForgetItsKeys } from "@/lib/projects/delete-project";

// Deleting a project (Owner). The Owner types the project's slug to confirm, as on GitLab;
// the server checks the role and the slug again whatever the page offered.

export interface DeleteProjectState {
  message: string | null;
}

const Slug = z.string().min(1).max(64);

const ACCESS_MESSAGES: Record<ProjectAccessFailure["kind"], string> = {
  "not-found": "This project does not exist, or you are not a member of it.",
  forbidden: "Only Owners can delete a project.",
};

export async function deleteProjectAction(slug: string, _previous: DeleteProjectState, formData: FormData): Promise<DeleteProjectState> {
  const parsedSlug = Slug.safeParse(slug);
  if (!parsedSlug.success) return { message: ACCESS_MESSAGES["not-found"] };
  const user = await getSessionUser();
  if (!user) return { message: "You are signed out. Sign in again to continue." };
  const access = await requireProject(user, parsedSlug.data, "project:delete");
  if (!access.ok) return { message: ACCESS_MESSAGES[access.error.kind] };
  const { project } = access.value;
  if (String(formData.get("confirmation") ?? "").trim() !== project.slug) {
    return { message: `Type ${project.slug} to confirm.` };
  }
  await deleteProjectAndForgetItsKeys(project.id);
  redirect("/");
}
