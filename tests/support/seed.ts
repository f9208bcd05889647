import { openDatabase, installDatabase } from "@/lib/db/client";
import { createProject } from "@/lib/db/projects";
import type { Role } from "@/lib/generated/prisma/enums";
import { addMemberPerRole } from "./members";
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

/** Two projects and one member per role with a token, written before a server opens the database. */
export async function seedDatabase(location: TestDatabaseLocation): Promise<Seed> {
  const db = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, serveSocket: false });
  installDatabase(db);
  try {
    const project = await seedProject("Checkout");
    const otherProject = await seedProject("Inventory");
    const tokens = await addMemberPerRole(project.id, "example.com");
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
