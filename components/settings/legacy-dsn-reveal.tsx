"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/settings/copy-button";
import type { LegacyDsnResult } from "@/lib/errors/error-tracking-settings-form";

// The legacy DSN (`public:secret@`) that old raven clients need. It is not in the page: the
// server action hands it over on request, after checking the caller may manage keys.

export function LegacyDsnReveal({ reveal, keyName }: { reveal: () => Promise<LegacyDsnResult>; keyName: string }) {
  const [result, setResult] = useState<LegacyDsnResult | null>(null);
  const [pending, startTransition] = useTransition();

  if (result?.ok) {
    return (
      <div className="w-full space-y-2">
        <label className="block text-sm font-medium text-gray-900">
          Legacy DSN
          <input
            readOnly
            value={result.dsn}
            onFocus={(event) => event.currentTarget.select()}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-gray-50 px-3 py-1.5 font-mono text-xs text-gray-900"
          />
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <CopyButton value={result.dsn} label={`Copy legacy DSN of client key ${keyName}`} />
          <Button onClick={() => setResult(null)}>Hide legacy DSN</Button>
        </div>
      </div>
    );
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        aria-label={`Show legacy DSN of client key ${keyName}`}
        disabled={pending}
        onClick={() => startTransition(async () => setResult(await reveal()))}
      >
        Show legacy DSN
      </Button>
      {result && !result.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {result.message}
        </span>
      ) : null}
    </span>
  );
}
