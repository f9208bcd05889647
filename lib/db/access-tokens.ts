import { getDb } from "@/lib/db/client";
import type { UserSummary } from "@/lib/db/users";

// Personal access tokens, by the SHA-256 of the token. The hash never leaves this module.

export interface AccessTokenSummary {
  id: number;
  userId: number;
  name: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const summary = {
  id: true,
  userId: true,
  name: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export async function insertAccessToken(input: {
  userId: number;
  name: string;
  tokenHash: string;
  expiresAt?: Date | null;
}): Promise<AccessTokenSummary> {
  const prisma = await getDb();
  return prisma.personalAccessToken.create({
    data: { userId: input.userId, name: input.name, tokenHash: input.tokenHash, expiresAt: input.expiresAt ?? null },
    select: summary,
  });
}

export async function findAccessTokenByHash(
  tokenHash: string,
): Promise<(AccessTokenSummary & { user: UserSummary }) | null> {
  const prisma = await getDb();
  return prisma.personalAccessToken.findUnique({
    where: { tokenHash },
    select: { ...summary, user: { select: { id: true, email: true, name: true, isAdmin: true } } },
  });
}

/**
 * Records a use, at most once per `minIntervalMs`: the condition sits in the UPDATE, so
 * concurrent requests with the same token write once.
 */
export async function touchAccessToken(id: number, now: Date, minIntervalMs: number): Promise<void> {
  const prisma = await getDb();
  await prisma.personalAccessToken.updateMany({
    where: {
      id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - minIntervalMs) } }],
    },
    data: { lastUsedAt: now },
  });
}

/** Revoking is final; revoking twice keeps the first time. False when the user has no such token. */
export async function revokeAccessToken(userId: number, id: number, now = new Date()): Promise<boolean> {
  const prisma = await getDb();
  await prisma.personalAccessToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: now } });
  return (await prisma.personalAccessToken.count({ where: { id, userId } })) > 0;
}
