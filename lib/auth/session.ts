import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/next-auth";
import type { SessionUser } from "@/lib/auth/permissions";
import { findUserById } from "@/lib/db/users";

// Who is asking, for pages and server actions: the session's user, loaded from the database
// once per request (so a deleted user is signed out at once).

export interface SignedInUser extends SessionUser {
  email: string;
  name: string | null;
}

export const getSessionUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return findUserById(id);
});

/** For pages and actions: the signed-in user, or a redirect to /signin. */
export async function requireSessionUser(): Promise<SignedInUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}
