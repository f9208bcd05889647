"use client";

import { useActionState } from "react";
import type { IssueStateFormState } from "@/app/(signed-in)/projects/[slug]/issues/[iid]/actions";
import { Button } from "@/components/ui/button";

// "Close issue" on an open issue, "Reopen issue" on a closed one (shown to Developer+ only;
// the action checks again).

type IssueStateAction = (previous: IssueStateFormState, formData: FormData) => Promise<IssueStateFormState>;

const INITIAL: IssueStateFormState = { ok: true, message: null };

export function IssueStateButton({ action, state }: { action: IssueStateAction; state: "opened" | "closed" }) {
  const [result, formAction, pending] = useActionState(action, INITIAL);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1 sm:items-end">
      <Button type="submit" variant={state === "opened" ? "secondary" : "primary"} disabled={pending}>
        {state === "opened" ? "Close issue" : "Reopen issue"}
      </Button>
      {result.message ? (
        <p role="alert" className="text-sm text-red-700">
          {result.message}
        </p>
      ) : null}
    </form>
  );
}
