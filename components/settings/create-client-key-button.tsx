"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ClientKeyActionState } from "@/lib/errors/error-tracking-settings-form";

export function CreateClientKeyButton({ action }: { action: (previous: ClientKeyActionState) => Promise<ClientKeyActionState> }) {
  const [state, create, pending] = useActionState(action, null);
  return (
    <form action={create} className="flex flex-wrap items-center gap-3">
      <Button type="submit" disabled={pending}>
        Create client key
      </Button>
      <p role={state && !state.ok ? "alert" : "status"} className={`text-sm ${state && !state.ok ? "text-red-700" : "text-gray-700"}`}>
        {state?.message ?? ""}
      </p>
    </form>
  );
}
