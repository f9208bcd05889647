"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { SIGN_IN_LINK_PROVIDER, signIn, signOut, SignInLinkRefused } from "@/lib/auth/next-auth";
import { listSignInProviders } from "@/lib/auth/oauth-providers";
import { getConfig } from "@/lib/config";

const ProviderSignIn = z.object({ provider: z.string(), callbackUrl: z.string().optional() });

export async function signInWithProvider(formData: FormData): Promise<void> {
  const input = ProviderSignIn.safeParse(Object.fromEntries(formData));
  const known = listSignInProviders(getConfig().oauth).map((p) => p.id);
  if (!input.success || !known.includes(input.data.provider)) redirect("/signin?error=UnknownProvider");
  await signIn(input.data.provider, { redirectTo: safeCallbackPath(input.data.callbackUrl) });
}

const LinkSignIn = z.object({ token: z.string().min(1).max(200), callbackUrl: z.string().optional() });

export async function signInWithLink(formData: FormData): Promise<void> {
  const input = LinkSignIn.safeParse(Object.fromEntries(formData));
  if (!input.success) redirect("/signin/link?error=unknown");
  try {
    await signIn(SIGN_IN_LINK_PROVIDER, {
      token: input.data.token,
      redirectTo: safeCallbackPath(input.data.callbackUrl),
    });
  } catch (error) {
    if (error instanceof SignInLinkRefused) redirect(`/signin/link?error=${error.code}`);
    if (error instanceof AuthError) redirect("/signin/link?error=unknown");
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
