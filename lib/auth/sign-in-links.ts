import { randomBytes } from "node:crypto";
import { findSignInLinkState, insertSignInLink, markSignInLinkUsed } from "@/lib/db/sign-in-links";
import { findUserById, type UserSummary } from "@/lib/db/users";
import { hashToken } from "@/lib/crypto/token-hash";

// One-time sign-in links (first start, CLI `login-link`): valid 15 minutes, usable once.
// Only the SHA-256 of the token is stored; the URL is shown once and never logged.

export const SIGN_IN_LINK_LIFETIME_MS = 15 * 60_000;

export async function createSignInLink(
  userId: number,
  publicUrl: string,
  now: Date = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const { expiresAt } = await insertSignInLink({
    userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + SIGN_IN_LINK_LIFETIME_MS),
  });
  return { url: `${publicUrl.replace(/\/+$/, "")}/signin/link?token=${encodeURIComponent(token)}`, expiresAt };
}

export type SignInLinkFailure = { kind: "unknown" } | { kind: "used" } | { kind: "expired" };

export type ConsumeSignInLinkResult = { ok: true; value: UserSummary } | { ok: false; error: SignInLinkFailure };

export async function consumeSignInLink(token: string, now: Date = new Date()): Promise<ConsumeSignInLinkResult> {
  if (token.length === 0 || token.length > 200) return { ok: false, error: { kind: "unknown" } };
  const tokenHash = hashToken(token);
  const userId = await markSignInLinkUsed(tokenHash, now);
  if (userId !== null) {
    const user = await findUserById(userId);
    return user ? { ok: true, value: user } : { ok: false, error: { kind: "unknown" } };
  }
  const state = await findSignInLinkState(tokenHash);
  if (!state) return { ok: false, error: { kind: "unknown" } };
  if (state.usedAt !== null) return { ok: false, error: { kind: "used" } };
  return { ok: false, error: { kind: "expired" } };
}
