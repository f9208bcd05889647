"use client";

import { useActionState } from "react";
import type { TriageResult } from "@/app/(signed-in)/projects/[slug]/error-tracking/actions";
import { buttonClasses, type ButtonVariant } from "@/components/ui/button";

// One triage button (Resolve, Ignore, Unresolve, Create issue): a form posting to its server
// action, so it works from the keyboard and before hydration; while the action runs the button
// is disabled, and a refusal is shown (and announced) beside it.

export function TriageButton({
  action,
  slug,
  errorId,
  label,
  variant = "secondary",
}: {
  action: (previous: TriageResult | null, formData: FormData) => Promise<TriageResult>;
  slug: string;
  errorId: number;
  label: string;
  variant?: ButtonVariant;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="errorId" value={errorId} />
      <button type="submit" disabled={pending} className={buttonClasses(variant)}>
        {label}
      </button>
      {result && !result.ok ? (
        <p role="alert" className="max-w-xs text-xs text-red-700">
          {result.message}
        </p>
      ) : null}
    </form>
  );
}
