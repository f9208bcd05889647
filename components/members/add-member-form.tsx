"use client";

import { useActionState, useId } from "react";
import type { MemberFormState } from "@/app/(signed-in)/projects/[slug]/settings/members/actions";
import type { Role } from "@/lib/auth/permissions";
import { roleLabel } from "@/lib/members/role-label";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/members/field-error";
import { FormMessage } from "@/components/members/form-message";

// "Add member": an email and a role among those the viewer may give. The server decides again.

type MemberAction = (previous: MemberFormState, formData: FormData) => Promise<MemberFormState>;

const INITIAL: MemberFormState = { ok: true, message: null };

export function AddMemberForm({ action, roles }: { action: MemberAction; roles: Role[] }) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const id = useId();
  const emailError = state.fieldErrors?.email?.[0];
  const roleError = state.fieldErrors?.role?.[0];
  const submittedRole = roles.find((role) => role === state.values?.role);
  const defaultRole = submittedRole ?? (roles.includes("developer") ? "developer" : roles[0]);

  return (
    <form action={formAction} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm" noValidate>
      <h2 className="text-base font-semibold text-gray-900">Add member</h2>
      <p className="mt-1 text-sm text-gray-600">
        Someone who has not signed in yet gets access when they first sign in with this email address.
      </p>
      <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-email`} className="block text-sm font-medium text-gray-800">
            Email
          </label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            defaultValue={state.values?.email ?? ""}
            autoComplete="off"
            required
            maxLength={320}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? `${id}-email-error` : undefined}
            className="mt-1 block w-full rounded-md border border-gray-300 px-3 py-1.5 text-sm shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-500"
          />
          <FieldError id={`${id}-email-error`} message={emailError} />
        </div>
        <div className="sm:w-44">
          <label htmlFor={`${id}-role`} className="block text-sm font-medium text-gray-800">
            Role
          </label>
          <select
            id={`${id}-role`}
            name="role"
            defaultValue={defaultRole}
            aria-invalid={roleError ? true : undefined}
            aria-describedby={roleError ? `${id}-role-error` : undefined}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-blue-600 focus:outline-2 focus:outline-blue-600 aria-invalid:border-red-500"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-role-error`} message={roleError} />
        </div>
        <div className="sm:pt-6">
          <Button type="submit" variant="primary" disabled={pending} className="w-full sm:w-auto">
            {pending ? "Adding…" : "Add member"}
          </Button>
        </div>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
