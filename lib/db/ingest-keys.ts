import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ClientKeyGrant } from "@/lib/ingest/runtime";

/** What ingestion needs to know about a public key, in one query. */
export async function findClientKeyGrant(prisma: PrismaClient, publicKey: string): Promise<ClientKeyGrant | null> {
  if (!/^[0-9a-zA-Z]{1,64}$/.test(publicKey)) return null;
  const key = await prisma.clientKey.findUnique({
    where: { publicKey },
    select: {
      projectId: true,
      secretKey: true,
      revokedAt: true,
      project: { select: { settings: { select: { active: true, backend: true, rateLimitPerMinute: true } } } },
    },
  });
  if (!key) return null;
  const settings = key.project.settings;
  return {
    projectId: key.projectId,
    revoked: key.revokedAt !== null,
    secretKey: key.secretKey,
    accepting: settings !== null && settings.active && settings.backend === "integrated",
    rateLimitPerMinute: settings?.rateLimitPerMinute ?? null,
  };
}
