import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { addMember, changeRole, removeMember } from "@/app/(signed-in)/projects/[slug]/settings/members/actions";
import { listManagedMembers } from "@/lib/members/manage-members";
import { loadProjectForPage } from "@/lib/projects/project-for-page";
import { AddMemberForm } from "@/components/members/add-member-form";
import { MemberList } from "@/components/members/member-list";

// /projects/{slug}/settings/members — who belongs to the project, with which role (Maintainer+).

export const metadata: Metadata = { title: "Members · Faultline" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, access } = await loadProjectForPage(slug, "members:manage");
  if (!access.ok && access.error.kind === "not-found") notFound();
  if (!access.ok) {
    return (
      <main>
        <h1 className="text-xl font-semibold text-gray-900">Members</h1>
        <p className="mt-2 text-sm text-gray-600">You need the Maintainer or Owner role to manage this project&apos;s members.</p>
      </main>
    );
  }
  const { project, role } = access.value;
  const { members, assignableRoles } = await listManagedMembers(role, project.id);

  return (
    <main className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-gray-900">Members</h1>
        <p className="mt-1 text-sm text-gray-600">
          {role === "owner"
            ? "As an Owner you can add anyone and change or remove any member. A project always keeps at least one Owner."
            : "As a Maintainer you can add Guests, Reporters and Developers, and change or remove them."}
        </p>
      </div>
      <AddMemberForm action={addMember.bind(null, project.slug)} roles={assignableRoles} />
      <MemberList
        members={members}
        viewerId={user.id}
        changeRole={changeRole.bind(null, project.slug)}
        removeMember={removeMember.bind(null, project.slug)}
      />
    </main>
  );
}
