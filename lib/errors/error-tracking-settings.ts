import "server-only";
import { forgetCachedIngestKeys } from "@/lib/hosting/node-ingest-runtime";
import { z } from "zod";
import { getAuthSecret } from "@/lib/auth/auth-secret";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import {
  findErrorTrackingSettings,
  findSealedSentryToken,
  saveSentrySettings,
  setIngestRateLimit,
  updateErrorTrackingState,
  type ErrorTrackingSettingsSummary,
} from "@/lib/db/error-tracking-settings";
import { createSentryClient } from "@/lib/errors/sentry-client";

// What the settings page and the REST API both do with a project's error-tracking settings
// (SPEC §6, §8): read them in GitLab's shape, switch them on or off, pick the backend, connect
// to Sentry and save a verified Sentry connection, set the ingestion rate limit.
//
// The Sentry token goes one way: in from a form or request body, sealed with a key derived
// from the server secret, out only to Sentry. No value returned here contains it, and
// messages from Sentry are scrubbed of it before they are passed on. A stored token is only
// ever sent to the API URL it was saved with: pointing the project at another host needs the
// token again, or a Maintainer could read it off a server of their own.

export type SettingsField = "active" | "backend" | "apiUrl" | "token" | "project" | "rateLimit";
export type SettingsFieldErrors = Partial<Record<SettingsField, string>>;

export type SettingsFailure =
  /** The input, or Sentry's answer to it (token refused, project not visible), is not acceptable. */
  | { kind: "invalid"; message: string; fieldErrors: SettingsFieldErrors }
  /** Sentry could not be asked: unreachable, timed out, failed, answered nonsense. */
  | { kind: "sentry-unavailable"; message: string };

export type SettingsResult<T> = { ok: true; value: T } | { ok: false; error: SettingsFailure };

/** GitLab's Error Tracking settings, as `GET …/error_tracking/settings` shows them. */
export interface ErrorTrackingSettingsView {
  active: boolean;
  integrated: boolean;
  /** The Sentry project's name; null on the integrated backend. */
  projectName: string | null;
  /** The Sentry project's web page; null on the integrated backend. */
  sentryExternalUrl: string | null;
  /** `{api host}/api/0/projects/{org}/{project}/`, as GitLab stores it; null on the integrated backend. */
  apiUrl: string | null;
}

/** A Sentry project the token can see, as the Project dropdown lists it. */
export interface SentryProjectChoice {
  organizationSlug: string;
  organizationName: string;
  slug: string;
  name: string;
}

export type ErrorTrackingChoice =
  | { active: boolean; backend: "integrated" }
  | {
      active: boolean;
      backend: "sentry";
      apiUrl: string;
      /** null: keep (and use) the stored token, which is only allowed for the stored API URL. */
      token: string | null;
      project: { organizationSlug: string; slug: string };
    };

export interface SentryConnectionInput {
  apiUrl: string;
  token: string | null;
}

// ─── Input schemas shared by the form and the REST API ────────────────────────────────────

/**
 * The Sentry API URL is the server's base URL (`https://sentry.io`, or a self-hosted one under
 * a path); a pasted API address (`…/api/0/…`) is cut back to it. Only http(s), no user name or
 * password; query and fragment are dropped. Where the host may be (not link-local, not private)
 * is checked by the Sentry client on the resolved address when it connects.
 */
export const SentryApiUrl = z
  .string({ error: "Enter the Sentry API URL" })
  .trim()
  .min(1, "Enter the Sentry API URL")
  .max(255, "The Sentry API URL must be at most 255 characters")
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (url === null || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
      ctx.addIssue({ code: "custom", message: "Enter a valid http:// or https:// URL" });
      return z.NEVER;
    }
    if (url.username !== "" || url.password !== "") {
      ctx.addIssue({ code: "custom", message: "The Sentry API URL must not contain a user name or password" });
      return z.NEVER;
    }
    const at = url.pathname.search(/\/api\/0(\/|$)/);
    const path = (at >= 0 ? url.pathname.slice(0, at) : url.pathname).replace(/\/+$/, "");
    return `${url.protocol}//${url.host}${path}`;
  });

/** A token as typed; blank means "keep the stored one" (see `ErrorTrackingChoice`). */
export const SentryToken = z
  .string()
  .trim()
  .max(1000, "The auth token is too long")
  .refine((token) => !/\s/.test(token), "The auth token must not contain spaces")
  .transform((token) => (token === "" ? null : token));

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
export const SentrySlug = z.string().trim().regex(SLUG, "must be a Sentry slug");

/** Events per minute, or null for no limit. */
export const IngestRateLimit = z
  .number({ error: "Enter a whole number of events per minute" })
  .int("Enter a whole number of events per minute")
  .min(1, "The rate limit must be at least 1 event per minute")
  .max(1_000_000, "The rate limit must be at most 1,000,000 events per minute")
  .nullable();

// ─── Reading ──────────────────────────────────────────────────────────────────────────────

export function describeErrorTrackingSettings(settings: ErrorTrackingSettingsSummary): ErrorTrackingSettingsView {
  const sentry =
    settings.backend === "sentry" && settings.sentryApiUrl && settings.sentryOrgSlug && settings.sentryProjectSlug
      ? { apiUrl: settings.sentryApiUrl, org: settings.sentryOrgSlug, project: settings.sentryProjectSlug }
      : null;
  if (sentry === null) {
    return { active: settings.active, integrated: settings.backend === "integrated", projectName: null, sentryExternalUrl: null, apiUrl: null };
  }
  const org = encodeURIComponent(sentry.org);
  const project = encodeURIComponent(sentry.project);
  return {
    active: settings.active,
    integrated: false,
    projectName: settings.sentryProjectName ?? sentry.project,
    sentryExternalUrl: `${sentry.apiUrl}/${org}/${project}/`,
    apiUrl: `${sentry.apiUrl}/api/0/projects/${org}/${project}/`,
  };
}

export async function readErrorTrackingSettings(projectId: number): Promise<ErrorTrackingSettingsView> {
  return describeErrorTrackingSettings(await findErrorTrackingSettings(projectId));
}

// ─── Changing ─────────────────────────────────────────────────────────────────────────────

const SENTRY_NOT_CONFIGURED =
  "Sentry is not configured for this project: save the Sentry API URL, auth token and project first";

function isSentryConfigured(settings: ErrorTrackingSettingsSummary): boolean {
  return Boolean(settings.sentryApiUrl && settings.hasSentryToken && settings.sentryOrgSlug && settings.sentryProjectSlug);
}

/**
 * `PATCH`: turns error tracking on or off and, when `integrated` is given, switches between
 * the backends. Switching to Sentry reuses the stored Sentry connection, so it needs one.
 */
export async function changeErrorTrackingState(
  projectId: number,
  change: { active: boolean; integrated?: boolean },
): Promise<SettingsResult<ErrorTrackingSettingsView>> {
  const current = await findErrorTrackingSettings(projectId);
  const backend = change.integrated === undefined ? current.backend : change.integrated ? "integrated" : "sentry";
  if (backend === "sentry" && !isSentryConfigured(current)) {
    return invalid({ backend: SENTRY_NOT_CONFIGURED });
  }
  const saved = await updateErrorTrackingState(projectId, { active: change.active, backend });
  forgetCachedIngestKeys();
  return { ok: true, value: describeErrorTrackingSettings(saved) };
}

/**
 * `PUT` and the page's Save changes. The integrated backend is a switch; Sentry is saved only
 * once Sentry has listed the token's projects and the chosen one is among them.
 */
export async function configureErrorTracking(
  projectId: number,
  choice: ErrorTrackingChoice,
): Promise<SettingsResult<ErrorTrackingSettingsView>> {
  if (choice.backend === "integrated") {
    const saved = await updateErrorTrackingState(projectId, { active: choice.active, backend: "integrated" });
    forgetCachedIngestKeys();
    return { ok: true, value: describeErrorTrackingSettings(saved) };
  }
  const token = await resolveToken(projectId, choice);
  if (!token.ok) return token;
  const projects = await listSentryProjects(choice.apiUrl, token.value);
  if (!projects.ok) return projects;
  const chosen = projects.value.find(
    (p) => p.organizationSlug === choice.project.organizationSlug && p.slug === choice.project.slug,
  );
  if (!chosen) {
    return invalid({
      project: `Sentry has no project ${choice.project.organizationSlug}/${choice.project.slug} that this token can see`,
    });
  }
  const tokenSealed = token.sealed ?? (await sealSecret(token.value, await getAuthSecret()));
  const saved = await saveSentrySettings(projectId, {
    active: choice.active,
    apiUrl: choice.apiUrl,
    tokenSealed,
    orgSlug: chosen.organizationSlug,
    projectSlug: chosen.slug,
    projectName: chosen.name,
  });
  forgetCachedIngestKeys();
  return { ok: true, value: describeErrorTrackingSettings(saved) };
}

/** Connect: checks the URL and token against Sentry and lists the projects to choose from. */
export async function connectToSentry(
  projectId: number,
  connection: SentryConnectionInput,
): Promise<SettingsResult<SentryProjectChoice[]>> {
  const token = await resolveToken(projectId, connection);
  if (!token.ok) return token;
  return listSentryProjects(connection.apiUrl, token.value);
}

export async function changeIngestRateLimit(projectId: number, perMinute: number | null): Promise<number | null> {
  const saved = await setIngestRateLimit(projectId, perMinute);
  forgetCachedIngestKeys();
  return saved.rateLimitPerMinute;
}

// ─── Sentry ───────────────────────────────────────────────────────────────────────────────

/** `sealed`: the stored token's sealed form when that is the one used, else null (a typed one). */
type ResolvedToken = { ok: true; value: string; sealed: string | null } | { ok: false; error: SettingsFailure };

/** The typed token, or else the stored one if the API URL is the one it was saved with. */
async function resolveToken(projectId: number, input: SentryConnectionInput): Promise<ResolvedToken> {
  if (input.token !== null) return { ok: true, value: input.token, sealed: null };
  const settings = await findErrorTrackingSettings(projectId);
  const sealed = settings.hasSentryToken ? await findSealedSentryToken(projectId) : null;
  if (sealed === null) return invalid({ token: "Enter an auth token" });
  if (settings.sentryApiUrl !== input.apiUrl) {
    return invalid({ token: "Enter the auth token again: the stored token is only sent to the Sentry API URL it was saved with" });
  }
  const opened = await openSecret(sealed, await getAuthSecret());
  if (!opened.ok) {
    return invalid({ token: "The stored auth token can no longer be read (the server secret changed): enter it again" });
  }
  return { ok: true, value: opened.value, sealed };
}

async function listSentryProjects(apiUrl: string, token: string): Promise<SettingsResult<SentryProjectChoice[]>> {
  const listed = await createSentryClient({ apiUrl, token }).listProjects();
  if (listed.ok) {
    const choices = listed.value.map((project) => ({
      organizationSlug: project.organization.slug,
      organizationName: project.organization.name,
      slug: project.slug,
      name: project.name,
    }));
    return { ok: true, value: choices };
  }
  const message = withoutToken(listed.error.message, token);
  switch (listed.error.kind) {
    case "unauthorized":
    case "forbidden":
      return invalid({ token: message });
    // Not a Sentry server there, or not one Faultline may call: the URL is what to fix.
    case "invalid-url":
    case "blocked-address":
    case "redirect":
    case "not-found":
    case "malformed-response":
      return invalid({ apiUrl: message });
    default:
      return { ok: false, error: { kind: "sentry-unavailable", message } };
  }
}

function withoutToken(message: string, token: string): string {
  return token.length > 0 ? message.split(token).join("[token]") : message;
}

function invalid(fieldErrors: SettingsFieldErrors): { ok: false; error: SettingsFailure } {
  return { ok: false, error: { kind: "invalid", message: Object.values(fieldErrors)[0] ?? "Invalid settings", fieldErrors } };
}
