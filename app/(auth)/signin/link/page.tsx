import type { Metadata } from "next";
import Link from "next/link";
import { signInWithLink } from "@/app/(auth)/actions";

export const metadata: Metadata = { title: "Sign in with a link · Faultline" };

// Opening the link does not use it up (mail scanners and link previews open links too):
// the button does.

const REFUSALS: Record<string, string> = {
  used: "This sign-in link has already been used. Ask for a new one.",
  expired: "This sign-in link has expired. Sign-in links are valid for 15 minutes; ask for a new one.",
  unknown: "This sign-in link is not valid. Ask for a new one.",
};

export default async function SignInLinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const refusal = typeof params.error === "string" ? (REFUSALS[params.error] ?? REFUSALS.unknown) : token === "" ? REFUSALS.unknown : null;

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold">Sign in to Faultline</h1>
      {refusal ? (
        <>
          <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {refusal}
          </p>
          <p className="mt-4 text-sm">
            <Link href="/signin" className="text-blue-700 underline">
              Other ways to sign in
            </Link>
          </p>
        </>
      ) : (
        <form action={signInWithLink} className="mt-6">
          <p className="text-sm text-gray-700">This one-time link signs you in once.</p>
          <input type="hidden" name="token" value={token} />
          <button
            type="submit"
            className="mt-4 w-full rounded-md bg-gray-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-gray-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          >
            Sign in
          </button>
        </form>
      )}
    </main>
  );
}
