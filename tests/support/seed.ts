import { createAccessToken } from "@/lib/auth/access-tokens";
import { openDatabase, installDatabase } from "@/lib/db/client";
import { setMembership } from "@/lib/db/memberships";
import { createProject } from "@/lib/db/projects";
import { createUser } from "@/lib/db/users";
import type { Role } from "@/lib/generated/prisma/enums";
import type { TestDatabaseLocation } from "./test-database";

export interface SeededProject {
  id: number;
  slug: string;
  publicKey: string;
  keyId: number;
}

export interface Seed {
  project: SeededProject;
  otherProject: SeededProject;
  /** Personal access tokens by role, all members of `project`. */
  tokens: Record<Role, string>;
  dsnFor(baseUrl: string, project?: SeededProject): string;
}

const ROLES: Role[] = ["guest", "reporter", "developer", "maintainer", "owner"];

/** Two projects and one member per role with a token, written before a server opens the database. */
export async function seedDatabase(location: TestDatabaseLocation): Promise<Seed> {
  const db = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, serveSocket: false });
  installDatabase(db);
  try {
    const project = await seedProject("Checkout");
    const otherProject = await seedProject("Inventory");
    const tokens = {} as Record<Role, string>;
    for (const role of ROLES) {
      const user = await createUser({ email: `${role}@example.com`, name: role });
      if (!user.ok) throw new Error(`could not create the ${role}`);
      await setMembership(project.id, user.value.id, role);
      tokens[role] = (await createAccessToken({ userId: user.value.id, name: "tests" })).token;
    }
    return {
      project,
      otherProject,
      tokens,
      dsnFor(baseUrl, which = project) {
        const url = new URL(baseUrl);
        return `${url.protocol}//${which.publicKey}@${url.host}/${which.id}`;
      },
    };
  } finally {
    await db.close();
  }
}

async function seedProject(name: string): Promise<SeededProject> {
  const created = await createProject({ name });
  if (!created.ok) throw new Error(`could not create project ${name}`);
  const { id, slug, clientKey } = created.value;
  return { id, slug, publicKey: clientKey.publicKey, keyId: clientKey.id };
}
