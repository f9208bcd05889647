import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { requireSessionUser } from "@/lib/auth/session";
import { SignOutButton } from "@/components/ui/sign-out-button";

// Every signed-in page: signed-out visitors go to /signin (pages still check access).

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();
  return (
    <div className="flex min-h-screen flex-col bg-gray-50">
      <header className="bg-gray-900 text-white">
        <div className="mx-auto flex h-12 max-w-screen-2xl items-center gap-4 px-4">
          <Link
            href="/"
            className="rounded-sm text-base font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
          >
            Faultline
          </Link>
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <p className="min-w-0 truncate text-sm text-gray-300" title={user.email}>
              {user.name ? <span className="hidden text-white sm:inline">{user.name} · </span> : null}
              {user.email}
            </p>
            <SignOutButton action={signOutAction} />
          </div>
        </div>
      </header>
      <div className="flex-1">{children}</div>
    </div>
  );
}
