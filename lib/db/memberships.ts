import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/auth/permissions";
import { normalizeEmail } from "@/lib/db/users";

// Who belongs to a project, and with which role. Whether the caller may change that is
// `lib/auth/permissions`' decision, made before these are called, and for people's changes
// also `lib/members/member-rules`', made inside `changeMembership`'s transaction.

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

/** Whose membership a change concerns: a user, or an email that may not belong to anyone yet. */
export type MembershipTarget = { userId: number } | { email: string };

/** What a membership change is decided on, read inside its transaction. */
export interface MembershipSnapshot {
  actorRole: Role | null;
  targetRole: Role | null;
  ownerCount: number;
}

export type MembershipWrite = { kind: "set"; role: Role } | { kind: "delete" } | { kind: "none" };

export type ChangeMembershipResult<E> =
  | { ok: true; value: MemberSummary | null }
  | { ok: false; error: E | { kind: "project-not-found" } };

/**
 * Reads the caller's role, the target's role and how many Owners the project has, lets
 * `decide` pick the write, and makes it, in one transaction that holds the project's row lock:
 * changes to one project's members are decided one after another, each on what the previous
 * one left, so two Owners demoting each other at once cannot leave the project without one.
 * An email that belongs to no user gets a user record only when the write adds them.
 * Answers the target's membership afterwards (null once removed).
 */
export async function changeMembership<E>(
  input: { projectId: number; actorUserId: number; target: MembershipTarget },
  decide: (snapshot: MembershipSnapshot) => { ok: true; value: MembershipWrite } | { ok: false; error: E },
): Promise<ChangeMembershipResult<E>> {
  const prisma = await getDb();
  const { projectId, actorUserId, target } = input;
  return prisma.$transaction(async (tx): Promise<ChangeMembershipResult<E>> => {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM projects WHERE id = ${projectId} FOR UPDATE`;
    if (locked.length === 0) return { ok: false, error: { kind: "project-not-found" } };

    const roleOf = async (userId: number | undefined) =>
      userId === undefined
        ? null
        : ((await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true } }))?.role ?? null);
    let targetUserId =
      "userId" in target
        ? target.userId
        : (await tx.user.findUnique({ where: { email: normalizeEmail(target.email) }, select: { id: true } }))?.id;
    const snapshot: MembershipSnapshot = {
      actorRole: await roleOf(actorUserId),
      targetRole: await roleOf(targetUserId),
      ownerCount: await tx.membership.count({ where: { projectId, role: "owner" } }),
    };

    const decision = decide(snapshot);
    if (!decision.ok) return decision;
    const write = decision.value;
    if (write.kind === "delete" && targetUserId !== undefined) {
      await tx.membership.delete({ where: { projectId_userId: { projectId, userId: targetUserId } } });
      return { ok: true, value: null };
    }
    if (write.kind === "set") {
      if (targetUserId === undefined && "email" in target) {
        // ON CONFLICT: someone may create this user meanwhile (signing in, or an addition to
        // another project, which this project's lock does not hold back).
        const email = normalizeEmail(target.email);
        await tx.$executeRaw`INSERT INTO users (email) VALUES (${email}) ON CONFLICT (email) DO NOTHING`;
        targetUserId = (await tx.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
      }
      if (targetUserId === undefined) throw new Error("membership target has no user");
      await tx.membership.upsert({
        where: { projectId_userId: { projectId, userId: targetUserId } },
        create: { projectId, userId: targetUserId, role: write.role },
        update: { role: write.role },
      });
    }
    if (targetUserId === undefined) return { ok: true, value: null };
    const row = await tx.membership.findUnique({
      where: { projectId_userId: { projectId, userId: targetUserId } },
      select: { projectId: true, userId: true, role: true, user: { select: { email: true, name: true } } },
    });
    if (!row) return { ok: true, value: null };
    const { user, ...membership } = row;
    return { ok: true, value: { ...membership, email: user.email, name: user.name } };
  });
}
