import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// People who can sign in. Emails are kept trimmed and lower-cased so lookups are exact.

export interface UserSummary {
  id: number;
  email: string;
  name: string | null;
  isAdmin: boolean;
}

export type CreateUserResult =
  | { ok: true; value: UserSummary }
  | { ok: false; error: { kind: "email-taken" } };

/** Loose on purpose: `owner@localhost` is a fine address on a single host. */
export const EmailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, "Email must be at most 320 characters")
  .regex(/^[^\s@]+@[^\s@]+$/, "Email must look like name@host");

const summary = { id: true, email: true, name: true, isAdmin: true } as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(input: {
  email: string;
  name?: string | null;
  isAdmin?: boolean;
}): Promise<CreateUserResult> {
  const prisma = await getDb();
  try {
    const user = await prisma.user.create({
      data: { email: normalizeEmail(input.email), name: input.name ?? null, isAdmin: input.isAdmin ?? false },
      select: summary,
    });
    return { ok: true, value: user };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, error: { kind: "email-taken" } };
    }
    throw error;
  }
}

export async function findUserByEmail(email: string): Promise<UserSummary | null> {
  const prisma = await getDb();
  return prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: summary });
}

export async function findUserById(id: number): Promise<UserSummary | null> {
  const prisma = await getDb();
  return prisma.user.findUnique({ where: { id }, select: summary });
}

export async function countUsers(): Promise<number> {
  const prisma = await getDb();
  return prisma.user.count();
}
