import { randomBytes } from "node:crypto";
import { findAccessTokenByHash, insertAccessToken, touchAccessToken, type AccessTokenSummary } from "@/lib/db/access-tokens";
import type { UserSummary } from "@/lib/db/users";
import { hashToken } from "@/lib/crypto/token-hash";

// Personal access tokens for the REST API: `flt_` + 43 base64url characters (256 random
// bits). The token is shown once, when created; only its SHA-256 is stored.

export const ACCESS_TOKEN_PREFIX = "flt_";
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createAccessToken(input: {
  userId: number;
  name: string;
  expiresAt?: Date | null;
}): Promise<{ token: string; accessToken: AccessTokenSummary }> {
  const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const accessToken = await insertAccessToken({ ...input, tokenHash: hashToken(token) });
  return { token, accessToken };
}

export type AccessTokenRejection = { kind: "unknown" } | { kind: "revoked" } | { kind: "expired" };

export type AuthenticateAccessTokenResult =
  | { ok: true; value: { user: UserSummary; tokenId: number } }
  | { ok: false; error: AccessTokenRejection };

export async function authenticateAccessToken(
  token: string,
  now: Date = new Date(),
): Promise<AuthenticateAccessTokenResult> {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX) || token.length > 200) return { ok: false, error: { kind: "unknown" } };
  const stored = await findAccessTokenByHash(hashToken(token));
  if (!stored) return { ok: false, error: { kind: "unknown" } };
  if (stored.revokedAt !== null) return { ok: false, error: { kind: "revoked" } };
  if (stored.expiresAt !== null && stored.expiresAt.getTime() <= now.getTime()) {
    return { ok: false, error: { kind: "expired" } };
  }
  if (stored.lastUsedAt === null || now.getTime() - stored.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await touchAccessToken(stored.id, now, LAST_USED_RESOLUTION_MS);
  }
  return { ok: true, value: { user: stored.user, tokenId: stored.id } };
}
