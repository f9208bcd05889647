"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { requireProject, type ProjectAccessFailure } from "@/lib/auth/require-project";
import { getSessionUser, type SignedInUser } from "@/lib/auth/session";
import type { ProjectSummary } from "@/lib/db/projects";
import { EmailAddress } from "@/lib/db/users";
import {
  addMember as addProjectMember,
  changeMemberRole,
  removeMember as removeProjectMember,
  type MemberFailure,
} from "@/lib/members/manage-members";
import { roleLabel } from "@/lib/members/role-label";

// Adding people to a project, changing their role, removing them (Maintainer+; which members
// and roles is lib/members' decision, made again here whatever the page offered).

export interface MemberFormState {
  ok: boolean;
  message: string | null;
  fieldErrors?: { email?: string[]; role?: string[] };
  /** What was submitted, so a refused form keeps it. */
  values?: { email: string; role: string };
}

const Slug = z.string().min(1).max(64);
const RoleField = z.enum(ROLES, { error: "Choose a role" });
const NewMember = z.object({ email: EmailAddress, role: RoleField });
const RoleChange = z.object({ userId: z.coerce.number().int().positive(), role: RoleField });
const Removal = z.object({ userId: z.coerce.number().int().positive() });

const ACCESS_MESSAGES: Record<ProjectAccessFailure["kind"], string> = {
  "not-found": "This project does not exist, or you are not a member of it.",
  forbidden: "You need the Maintainer or Owner role to manage members.",
};

function describeFailure(failure: MemberFailure): string {
  switch (failure.kind) {
    case "not-allowed":
      return "Only Owners can give the Maintainer or Owner role, or change or remove a Maintainer or an Owner.";
    case "last-owner":
      return "A project needs at least one Owner. Make someone else an Owner first.";
    case "already-member":
      return `Already a member, as ${roleLabel(failure.role)}. Change their role in the list below.`;
    case "not-a-member":
      return "That person is no longer a member of this project.";
    case "project-not-found":
      return ACCESS_MESSAGES["not-found"];
  }
}

type Authorized = { ok: true; user: SignedInUser; project: ProjectSummary } | { ok: false; state: MemberFormState };

/** Who asks, and whether they may manage this project's members: checked on every call. */
async function authorize(slug: unknown): Promise<Authorized> {
  const refuse = (message: string): Authorized => ({ ok: false, state: { ok: false, message } });
  const parsedSlug = Slug.safeParse(slug);
  if (!parsedSlug.success) return refuse(ACCESS_MESSAGES["not-found"]);
  const user = await getSessionUser();
  if (!user) return refuse("You are signed out. Sign in again to continue.");
  const access = await requireProject(user, parsedSlug.data, "members:manage");
  if (!access.ok) return refuse(ACCESS_MESSAGES[access.error.kind]);
  return { ok: true, user, project: access.value.project };
}

const membersPath = (slug: string) => `/projects/${encodeURIComponent(slug)}/settings/members`;

export async function addMember(slug: string, _previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  const access = await authorize(slug);
  if (!access.ok) return access.state;
  const submitted = { email: String(formData.get("email") ?? "").slice(0, 320), role: String(formData.get("role") ?? "") };
  const input = NewMember.safeParse({ email: submitted.email, role: submitted.role || undefined });
  if (!input.success) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(input.error).fieldErrors, values: submitted };
  }
  const result = await addProjectMember(access.user, access.project.id, input.data);
  if (!result.ok) return { ok: false, message: describeFailure(result.error), values: submitted };
  revalidatePath(membersPath(access.project.slug));
  return { ok: true, message: `Added ${result.value.email} as ${roleLabel(result.value.role)}.` };
}

export async function changeRole(slug: string, _previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  const access = await authorize(slug);
  if (!access.ok) return access.state;
  const input = RoleChange.safeParse({ userId: formData.get("userId"), role: formData.get("role") ?? undefined });
  if (!input.success) return { ok: false, message: "Choose a role." };
  const result = await changeMemberRole(access.user, access.project.id, input.data);
  if (!result.ok) return { ok: false, message: describeFailure(result.error) };
  revalidatePath(membersPath(access.project.slug));
  return { ok: true, message: `${result.value.email} is now ${roleLabel(result.value.role)}.` };
}

export async function removeMember(slug: string, _previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  const access = await authorize(slug);
  if (!access.ok) return access.state;
  const input = Removal.safeParse({ userId: formData.get("userId") });
  if (!input.success) return { ok: false, message: "That person is no longer a member of this project." };
  const result = await removeProjectMember(access.user, access.project.id, input.data);
  if (!result.ok) return { ok: false, message: describeFailure(result.error) };
  // Whoever removes themselves can no longer see the project.
  if (input.data.userId === access.user.id && !access.user.isAdmin) redirect("/");
  revalidatePath(membersPath(access.project.slug));
  return { ok: true, message: "Member removed." };
}
