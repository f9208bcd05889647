import type { ClientKeyGrant, KeyDirectory } from "./runtime";

// Ingestion looks a key up on every request; a short-lived cache keeps that off the database.
// A revoked key or a settings change made in this process is seen at once (`forgetAll`);
// one made in another process once the entry expires (ttlMs).

export interface CachedKeyDirectory extends KeyDirectory {
  forgetAll(): void;
}

export function createCachedKeyDirectory(
  lookup: (publicKey: string) => Promise<ClientKeyGrant | null>,
  ttlMs: number,
  clock: () => number = Date.now,
): CachedKeyDirectory {
  const entries = new Map<string, { grant: Promise<ClientKeyGrant | null>; expiresAt: number }>();
  return {
    findKey(publicKey) {
      const now = clock();
      const cached = entries.get(publicKey);
      if (cached && cached.expiresAt > now) return cached.grant;
      if (entries.size > 10_000) entries.clear();
      const grant = lookup(publicKey);
      entries.set(publicKey, { grant, expiresAt: now + ttlMs });
      grant.catch(() => entries.delete(publicKey));
      return grant;
    },
    forgetAll() {
      entries.clear();
    },
  };
}
