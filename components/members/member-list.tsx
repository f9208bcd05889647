import type { MemberFormState } from "@/app/(signed-in)/projects/[slug]/settings/members/actions";
import type { ManagedMember } from "@/lib/members/manage-members";
import { roleLabel } from "@/lib/members/role-label";
import { Badge } from "@/components/ui/badge";
import { MemberRoleForm } from "@/components/members/member-role-form";
import { RemoveMemberButton } from "@/components/members/remove-member-button";

// The project's members, one row each, with only the controls the viewer may use on that row.

type MemberAction = (previous: MemberFormState, formData: FormData) => Promise<MemberFormState>;

export function MemberList({
  members,
  viewerId,
  changeRole,
  removeMember,
}: {
  members: ManagedMember[];
  viewerId: number;
  changeRole: MemberAction;
  removeMember: MemberAction;
}) {
  return (
    <section aria-labelledby="members-heading" className="rounded-lg border border-gray-200 bg-white shadow-sm">
      <h2 id="members-heading" className="border-b border-gray-200 px-4 py-3 text-base font-semibold text-gray-900">
        {members.length === 1 ? "1 member" : `${members.length} members`}
      </h2>
      <ul className="divide-y divide-gray-200">
        {members.map((member) => {
          const { roles, removable, lastOwner } = member.controls;
          const row = { userId: member.userId, email: member.email, role: member.role };
          return (
            <li key={member.userId} className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-gray-900">
                  {member.name ?? member.email}
                  {member.userId === viewerId ? <span className="ml-2 text-xs font-normal text-gray-500">(you)</span> : null}
                </p>
                {member.name ? <p className="truncate text-sm text-gray-600">{member.email}</p> : null}
              </div>
              <div className="flex flex-wrap items-start gap-2">
                {roles.length > 1 ? (
                  <MemberRoleForm action={changeRole} member={row} roles={roles} />
                ) : (
                  <Badge tone={member.role === "owner" ? "violet" : "neutral"}>{roleLabel(member.role)}</Badge>
                )}
                {lastOwner ? <span className="self-center text-xs text-gray-500">Only Owner</span> : null}
                {removable ? <RemoveMemberButton action={removeMember} member={row} /> : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
