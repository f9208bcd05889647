"use client";

import { useActionState, useId } from "react";
import type { MemberFormState } from "@/app/(signed-in)/projects/[slug]/settings/members/actions";
import type { Role } from "@/lib/auth/permissions";
import { roleLabel } from "@/lib/members/role-label";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/members/form-message";

// One member's role: a select of the roles the viewer may give them, and "Change role".

type MemberAction = (previous: MemberFormState, formData: FormData) => Promise<MemberFormState>;

const INITIAL: MemberFormState = { ok: true, message: null };

export function MemberRoleForm({
  action,
  member,
  roles,
}: {
  action: MemberAction;
  member: { userId: number; email: string; role: Role };
  roles: Role[];
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const id = useId();
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="userId" value={member.userId} />
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-role`} className="sr-only">
          Role of {member.email}
        </label>
        <select
          id={`${id}-role`}
          name="role"
          defaultValue={member.role}
          key={member.role}
          className="rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600"
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {roleLabel(role)}
            </option>
          ))}
        </select>
        <Button type="submit" disabled={pending} aria-label={`Change role of ${member.email}`}>
          {pending ? "Saving…" : "Change role"}
        </Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
