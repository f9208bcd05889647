"use client";

import { useActionState, useId, useState } from "react";
import type { DeleteProjectState } from "@/app/(signed-in)/projects/[slug]/settings/general/actions";
import { Button } from "@/components/ui/button";

// "Delete project": the Owner types the slug to confirm; the button waits for it. The server
// checks again.

type DeleteAction = (previous: DeleteProjectState, formData: FormData) => Promise<DeleteProjectState>;

const INITIAL: DeleteProjectState = { message: null };

export function DeleteProjectForm({ action, projectName, projectSlug }: { action: DeleteAction; projectName: string; projectSlug: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const [confirmation, setConfirmation] = useState("");
  const id = useId();

  return (
    <form action={formAction} className="rounded-lg border border-red-200 bg-white p-4 shadow-sm">
      <h2 className="text-base font-semibold text-red-800">Delete project</h2>
      <p className="mt-1 text-sm text-gray-700">
        Deleting <strong>{projectName}</strong> removes its errors, events, issues, client keys and members at once. Events
        sent with its DSN are refused from then on. This cannot be undone.
      </p>
      <label htmlFor={`${id}-confirmation`} className="mt-4 block text-sm font-medium text-gray-800">
        Type <code className="rounded bg-gray-100 px-1 font-mono">{projectSlug}</code> to confirm
      </label>
      <div className="mt-1 flex flex-col gap-3 sm:flex-row">
        <input
          id={`${id}-confirmation`}
          name="confirmation"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          className="block w-full rounded-md border border-gray-300 px-3 py-1.5 font-mono text-sm shadow-sm focus:border-red-600 focus:outline-2 focus:outline-red-600 sm:max-w-xs"
        />
        <Button type="submit" variant="danger" disabled={pending || confirmation.trim() !== projectSlug}>
          {pending ? "Deleting…" : "Delete project"}
        </Button>
      </div>
      {state.message ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
