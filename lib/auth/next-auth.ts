import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getAuthSecret } from "@/lib/auth/auth-secret";
import { buildOAuthProviders } from "@/lib/auth/oauth-providers";
import { consumeSignInLink, type SignInLinkFailure } from "@/lib/auth/sign-in-links";
import { getConfig } from "@/lib/config";
import { resolveOAuthUser } from "@/lib/db/accounts";

// next-auth, configured once. Sessions are signed JWT cookies (30 days) keyed by the server
// secret, which is kept across restarts, so sessions survive them. The token carries only
// the Faultline user id; `session.ts` loads the user on every request, so a deleted user or a
// changed role takes effect at once.

export const SIGN_IN_LINK_PROVIDER = "sign-in-link";
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** The reason a one-time link was refused, carried to the page as `code`. */
export class SignInLinkRefused extends CredentialsSignin {
  constructor(kind: SignInLinkFailure["kind"]) {
    super();
    this.code = kind;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const config = getConfig();
  return {
    secret: await getAuthSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      ...buildOAuthProviders(config.oauth),
      Credentials({
        id: SIGN_IN_LINK_PROVIDER,
        name: "One-time sign-in link",
        credentials: { token: {} },
        async authorize(credentials) {
          const token = typeof credentials.token === "string" ? credentials.token : "";
          const result = await consumeSignInLink(token);
          if (!result.ok) throw new SignInLinkRefused(result.error.kind);
          return { id: String(result.value.id), email: result.value.email, name: result.value.name };
        },
      }),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (!account || account.provider === SIGN_IN_LINK_PROVIDER) return true;
        // An address the provider says is unverified must not claim an existing user.
        return profile?.email_verified !== false || "/signin?error=EmailNotVerified";
      },
      async jwt({ token, user, account, profile }) {
        if (!account || !user) return token;
        if (account.provider === SIGN_IN_LINK_PROVIDER) return { ...token, uid: Number(user.id) };
        const resolved = await resolveOAuthUser({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          verifiedEmail: profile?.email_verified === false ? null : (user.email ?? null),
          name: user.name ?? null,
        });
        if (!resolved.ok) throw new Error("The provider did not share a verified email address");
        return { ...token, uid: resolved.value.id };
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: String(token.uid ?? "") } };
      },
    },
    logger: {
      // The kind and the underlying message only: never the request, its cookies or tokens.
      error(error) {
        const cause = (error.cause as { err?: unknown } | undefined)?.err;
        console.error(`[auth] ${error.name}${cause instanceof Error ? `: ${cause.message}` : ""}`);
      },
      warn(code) {
        if (code !== "debug-enabled") console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
});
