import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/auth/permissions";

// Who belongs to a project, and with which role. Whether the caller may change that is
// `lib/auth/permissions`' decision, made before these are called.

export interface MemberSummary {
  projectId: number;
  userId: number;
  email: string;
  name: string | null;
  role: Role;
}

/** Adds the user, or changes the role of an existing member. */
export async function setMembership(projectId: number, userId: number, role: Role): Promise<{ projectId: number; userId: number; role: Role }> {
  const prisma = await getDb();
  return prisma.membership.upsert({
    where: { projectId_userId: { projectId, userId } },
    create: { projectId, userId, role },
    update: { role },
    select: { projectId: true, userId: true, role: true },
  });
}


export async function listMembers(projectId: number): Promise<MemberSummary[]> {
  const prisma = await getDb();
  const rows = await prisma.membership.findMany({
    where: { projectId },
    orderBy: { id: "asc" },
    select: { projectId: true, userId: true, role: true, user: { select: { email: true, name: true } } },
  });
  return rows.map(({ user, ...m }) => ({ ...m, email: user.email, name: user.name }));
}
