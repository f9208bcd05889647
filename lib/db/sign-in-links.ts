import { getDb } from "@/lib/db/client";

// One-time sign-in links, by the SHA-256 of the token. The hash never leaves this module.

export async function insertSignInLink(input: { userId: number; tokenHash: string; expiresAt: Date }): Promise<{ id: number; expiresAt: Date }> {
  const prisma = await getDb();
  return prisma.signInLink.create({ data: input, select: { id: true, expiresAt: true } });
}

/**
 * Marks the link used if it is unused and unexpired, in one UPDATE so two concurrent uses
 * cannot both succeed. Returns the user id on success, null otherwise.
 */
export async function markSignInLinkUsed(tokenHash: string, now: Date): Promise<number | null> {
  const prisma = await getDb();
  const rows = await prisma.$queryRaw<Array<{ user_id: number }>>`
    UPDATE sign_in_links SET used_at = ${now}
    WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
    RETURNING user_id`;
  return rows[0]?.user_id ?? null;
}

export async function findSignInLinkState(tokenHash: string): Promise<{ usedAt: Date | null; expiresAt: Date } | null> {
  const prisma = await getDb();
  return prisma.signInLink.findUnique({ where: { tokenHash }, select: { usedAt: true, expiresAt: true } });
}
