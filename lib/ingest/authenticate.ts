import type { ClientKeyGrant, KeyDirectory } from "./runtime";
import type { Result, SentryAuth } from "./types";

/** Key → project: refuses missing, unknown, revoked and foreign keys, and inactive tracking. */
export async function authenticate(
  auth: SentryAuth | null,
  projectId: number,
  keys: KeyDirectory,
): Promise<Result<ClientKeyGrant>> {
  if (!auth) return { ok: false, error: { kind: "missing-key" } };
  const grant = await keys.findKey(auth.publicKey);
  if (!grant) return { ok: false, error: { kind: "unknown-key" } };
  if (auth.secretKey !== undefined && auth.secretKey !== grant.secretKey) {
    return { ok: false, error: { kind: "unknown-key" } };
  }
  if (grant.revoked) return { ok: false, error: { kind: "key-revoked" } };
  if (grant.projectId !== projectId) return { ok: false, error: { kind: "foreign-key" } };
  if (!grant.accepting) return { ok: false, error: { kind: "tracking-inactive" } };
  return { ok: true, value: grant };
}
