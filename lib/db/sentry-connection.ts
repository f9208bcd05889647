import "server-only";
import { getDb } from "@/lib/db/client";

// What the Sentry backend needs to reach a project's Sentry: read from the project's
// error-tracking settings. The token stays sealed here; `backend-for-project.ts` opens it.

export interface SentryConnectionRecord {
  apiUrl: string;
  sealedToken: string;
  organizationSlug: string;
  projectSlug: string;
}

/** Null unless the URL, token, organization and project are all set. */
export async function findSentryConnection(projectId: number): Promise<SentryConnectionRecord | null> {
  const prisma = await getDb();
  const row = await prisma.errorTrackingSettings.findUnique({
    where: { projectId },
    select: { sentryApiUrl: true, sentryTokenSealed: true, sentryOrgSlug: true, sentryProjectSlug: true },
  });
  if (!row?.sentryApiUrl || !row.sentryTokenSealed || !row.sentryOrgSlug || !row.sentryProjectSlug) return null;
  return {
    apiUrl: row.sentryApiUrl,
    sealedToken: row.sentryTokenSealed,
    organizationSlug: row.sentryOrgSlug,
    projectSlug: row.sentryProjectSlug,
  };
}
