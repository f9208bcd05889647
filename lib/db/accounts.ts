import "server-only";
import { getDb } from "@/lib/db/client";
import { normalizeEmail, type UserSummary } from "@/lib/db/users";
import { Prisma } from "@/lib/generated/prisma/client";

// OAuth identities. Only the provider and the provider's account id are kept: Faultline
// never calls the provider on the user's behalf, so it stores none of their tokens.

export interface OAuthIdentity {
  provider: string;
  providerAccountId: string;
  /** Only a verified address may match an existing user (one added by email, say). */
  verifiedEmail: string | null;
  name: string | null;
}

export type ResolveOAuthUserResult = { ok: true; value: UserSummary } | { ok: false; error: { kind: "no-email" } };

const summary = { id: true, email: true, name: true, isAdmin: true } as const;

/**
 * The Faultline user an OAuth sign-in belongs to: the one already linked to the identity,
 * else the user with the same verified email (linked now), else a new user.
 */
export async function resolveOAuthUser(identity: OAuthIdentity): Promise<ResolveOAuthUserResult> {
  const prisma = await getDb();
  const linked = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    select: { user: { select: summary } },
  });
  if (linked) return { ok: true, value: linked.user };
  if (identity.verifiedEmail === null) return { ok: false, error: { kind: "no-email" } };
  const email = normalizeEmail(identity.verifiedEmail);
  for (let attempt = 0; ; attempt++) {
    try {
      const user = await prisma.$transaction(async (tx) => {
        const existing = await tx.user.findUnique({ where: { email }, select: summary });
        const user = existing ?? (await tx.user.create({ data: { email, name: identity.name }, select: summary }));
        await tx.account.upsert({
          where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
          create: { userId: user.id, type: "oauth", provider: identity.provider, providerAccountId: identity.providerAccountId },
          update: {},
        });
        if (existing && existing.name === null && identity.name) {
          await tx.user.update({ where: { id: existing.id }, data: { name: identity.name } });
          return { ...existing, name: identity.name };
        }
        return user;
      });
      return { ok: true, value: user };
    } catch (error) {
      // Two first sign-ins of one person at once: the loser retries and finds the winner's rows.
      const raced = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!raced || attempt >= 2) throw error;
    }
  }
}
