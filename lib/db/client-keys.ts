import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";

// DSN keys. The public key is what SDKs send; the secret key only serves the legacy DSN and
// leaves this module only through `findClientKeySecret`.

export interface ClientKeySummary {
  id: number;
  projectId: number;
  publicKey: string;
  label: string | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const summary = {
  id: true,
  projectId: true,
  publicKey: true,
  label: true,
  revokedAt: true,
  createdAt: true,
} as const;

/** A fresh key pair: 32 lower-case hex digits each, as Sentry issues them. */
export function generateClientKeyPair(): { publicKey: string; secretKey: string } {
  return { publicKey: randomBytes(16).toString("hex"), secretKey: randomBytes(16).toString("hex") };
}

export async function createClientKey(projectId: number, label?: string | null): Promise<ClientKeySummary> {
  const prisma = await getDb();
  return prisma.clientKey.create({
    data: { projectId, label: label ?? null, ...generateClientKeyPair() },
    select: summary,
  });
}

/** Oldest first, revoked ones included (the settings page shows them as revoked). */
export async function listClientKeys(projectId: number): Promise<ClientKeySummary[]> {
  const prisma = await getDb();
  return prisma.clientKey.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: summary });
}

/** The oldest key still in service: the one a project's DSN is shown with. */
export async function findActiveClientKey(projectId: number): Promise<ClientKeySummary | null> {
  const prisma = await getDb();
  return prisma.clientKey.findFirst({
    where: { projectId, revokedAt: null },
    orderBy: { id: "asc" },
    select: summary,
  });
}

export type RevokeClientKeyResult =
  | { ok: true; value: ClientKeySummary }
  | { ok: false; error: { kind: "not-found" } };

/** Revoking twice keeps the first revocation time. */
export async function revokeClientKey(projectId: number, keyId: number): Promise<RevokeClientKeyResult> {
  const prisma = await getDb();
  await prisma.clientKey.updateMany({
    where: { id: keyId, projectId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const key = await prisma.clientKey.findFirst({ where: { id: keyId, projectId }, select: summary });
  return key ? { ok: true, value: key } : { ok: false, error: { kind: "not-found" } };
}

/** Only for showing the legacy DSN (`public:secret@`) to someone allowed to manage keys. */
export async function findClientKeySecret(
  projectId: number,
  keyId: number,
): Promise<{ publicKey: string; secretKey: string } | null> {
  const prisma = await getDb();
  return prisma.clientKey.findFirst({
    where: { id: keyId, projectId },
    select: { publicKey: true, secretKey: true },
  });
}
