import "server-only";
import { getDb } from "@/lib/db/client";

// A project's error-tracking settings as the pages and backends read them. The sealed Sentry
// token never leaves this module's callers in `lib/`; `hasSentryToken` is what pages show.

export type ErrorTrackingBackendKind = "integrated" | "sentry";

export interface ErrorTrackingSettingsSummary {
  projectId: number;
  active: boolean;
  backend: ErrorTrackingBackendKind;
  rateLimitPerMinute: number | null;
  sentryApiUrl: string | null;
  hasSentryToken: boolean;
  sentryOrgSlug: string | null;
  sentryProjectSlug: string | null;
  sentryProjectName: string | null;
}

/** Projects created before settings existed read as active and integrated. */
export async function findErrorTrackingSettings(projectId: number): Promise<ErrorTrackingSettingsSummary> {
  const prisma = await getDb();
  const row = await prisma.errorTrackingSettings.findUnique({ where: { projectId } });
  return {
    projectId,
    active: row?.active ?? true,
    backend: row?.backend ?? "integrated",
    rateLimitPerMinute: row?.rateLimitPerMinute ?? null,
    sentryApiUrl: row?.sentryApiUrl ?? null,
    hasSentryToken: Boolean(row?.sentryTokenSealed),
    sentryOrgSlug: row?.sentryOrgSlug ?? null,
    sentryProjectSlug: row?.sentryProjectSlug ?? null,
    sentryProjectName: row?.sentryProjectName ?? null,
  };
}

// Writes. Each one upserts, so a project created before settings existed gets its row on the
// first change, with the defaults it was already read with.

const DEFAULTS = { active: true, backend: "integrated" } as const;

/** The sealed Sentry token, for the code that opens it to call Sentry; never for a page. */
export async function findSealedSentryToken(projectId: number): Promise<string | null> {
  const prisma = await getDb();
  const row = await prisma.errorTrackingSettings.findUnique({
    where: { projectId },
    select: { sentryTokenSealed: true },
  });
  return row?.sentryTokenSealed ?? null;
}

/** Turns error tracking on or off and picks the backend; Sentry details stay stored. */
export async function updateErrorTrackingState(
  projectId: number,
  state: { active?: boolean; backend?: ErrorTrackingBackendKind },
): Promise<ErrorTrackingSettingsSummary> {
  const prisma = await getDb();
  await prisma.errorTrackingSettings.upsert({
    where: { projectId },
    create: { projectId, ...DEFAULTS, ...state },
    update: state,
  });
  return findErrorTrackingSettings(projectId);
}

export interface SentrySettingsInput {
  active: boolean;
  apiUrl: string;
  /** Already sealed (lib/crypto/secret-box); this module never sees the token itself. */
  tokenSealed: string;
  orgSlug: string;
  projectSlug: string;
  projectName: string;
}

/** Switches the project to the Sentry backend with a verified connection. */
export async function saveSentrySettings(projectId: number, input: SentrySettingsInput): Promise<ErrorTrackingSettingsSummary> {
  const prisma = await getDb();
  const data = {
    active: input.active,
    backend: "sentry" as const,
    sentryApiUrl: input.apiUrl,
    sentryTokenSealed: input.tokenSealed,
    sentryOrgSlug: input.orgSlug,
    sentryProjectSlug: input.projectSlug,
    sentryProjectName: input.projectName,
  };
  await prisma.errorTrackingSettings.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
  return findErrorTrackingSettings(projectId);
}

/** Events per minute ingestion accepts for the project; null lifts the limit. */
export async function setIngestRateLimit(projectId: number, perMinute: number | null): Promise<ErrorTrackingSettingsSummary> {
  const prisma = await getDb();
  await prisma.errorTrackingSettings.upsert({
    where: { projectId },
    create: { projectId, ...DEFAULTS, rateLimitPerMinute: perMinute },
    update: { rateLimitPerMinute: perMinute },
  });
  return findErrorTrackingSettings(projectId);
}

// What the Sentry backend needs to reach a project's Sentry. The token stays sealed here;
// `backend-for-project.ts` opens it.
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
