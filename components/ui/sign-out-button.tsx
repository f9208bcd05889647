// The top bar's "Sign out": a form posting to the sign-out server action (next-auth v5 signs
// out through an action, not a link), so it works before the page has hydrated.

export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <button
        type="submit"
        className="rounded-md px-2 py-1 text-sm font-medium text-gray-200 hover:bg-gray-800 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        Sign out
      </button>
    </form>
  );
}
