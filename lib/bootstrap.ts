import { createSignInLink } from "@/lib/auth/sign-in-links";
import { createProject } from "@/lib/db/projects";
import { countUsers, createUser } from "@/lib/db/users";
import { getConfig } from "@/lib/config";
import { formatDsn } from "@/lib/projects/dsn";

// The first start (SPEC §3): with no users yet, create the Owner (an administrator, email
// FAULTLINE_OWNER_EMAIL, default owner@localhost) and a "Demo" project they own, and hand the
// server what to print. Two processes starting at once race on the unique email: the loser
// sees "email-taken" and returns null, so exactly one prints.

export interface FirstStart {
  url: string;
  /** One-time, valid 15 minutes. Print it; never log it anywhere else. */
  signInUrl: string;
  dsn: string;
}

export async function ensureFirstStart(publicUrl: string): Promise<FirstStart | null> {
  if ((await countUsers()) > 0) return null;
  const owner = await createUser({ email: getConfig().ownerEmail, name: "Owner", isAdmin: true });
  if (!owner.ok) return null;
  const project = await createProject({ name: "Demo", ownerUserId: owner.value.id });
  if (!project.ok) throw new Error(`Could not create the demo project (${project.error.kind})`);
  const { url: signInUrl } = await createSignInLink(owner.value.id, publicUrl);
  return { url: publicUrl, signInUrl, dsn: formatDsn(project.value.clientKey.publicKey, project.value.id, publicUrl) };
}
