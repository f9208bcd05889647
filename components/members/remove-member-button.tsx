"use client";

import { useActionState, useState } from "react";
import type { MemberFormState } from "@/app/(signed-in)/projects/[slug]/settings/members/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/members/form-message";

// "Remove", then "Confirm removal" or "Cancel": one slip of the keyboard removes no one.

type MemberAction = (previous: MemberFormState, formData: FormData) => Promise<MemberFormState>;

const INITIAL: MemberFormState = { ok: true, message: null };

export function RemoveMemberButton({ action, member }: { action: MemberAction; member: { userId: number; email: string } }) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const [confirming, setConfirming] = useState(false);
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="userId" value={member.userId} />
      {confirming ? (
        <div className="flex items-center gap-2">
          <Button type="submit" variant="danger" disabled={pending} aria-label={`Confirm removal of ${member.email}`} autoFocus>
            {pending ? "Removing…" : "Confirm removal"}
          </Button>
          <Button onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button onClick={() => setConfirming(true)} aria-label={`Remove ${member.email}`}>
          Remove
        </Button>
      )}
      <FormMessage state={state} />
    </form>
  );
}
