import type { MemberFormState } from "@/app/(signed-in)/projects/[slug]/settings/members/actions";

// What a members form's last submission came to: a failure is announced at once, a success politely.

export function FormMessage({ state }: { state: MemberFormState }) {
  if (!state.message) return null;
  return state.ok ? (
    <p role="status" className="mt-2 text-sm text-green-800">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {state.message}
    </p>
  );
}
