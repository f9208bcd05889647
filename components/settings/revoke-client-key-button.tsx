"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ClientKeyActionState } from "@/lib/errors/error-tracking-settings-form";

// Revoking is final (SDKs using the key are refused from then on), so it asks first.

export function RevokeClientKeyButton({
  action,
  keyName,
}: {
  action: (previous: ClientKeyActionState) => Promise<ClientKeyActionState>;
  keyName: string;
}) {
  const [state, revoke, pending] = useActionState(action, null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="danger"
        aria-label={`Revoke client key ${keyName}`}
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Revoke client key ${keyName}? SDKs sending with it will be refused.`)) {
            startTransition(() => revoke());
          }
        }}
      >
        Revoke
      </Button>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </span>
  );
}
