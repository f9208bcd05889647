import "server-only";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/permissions";
import { requireProject } from "@/lib/auth/require-project";
import { getConfig } from "@/lib/config";
import { createClientKey, findClientKeySecret, revokeClientKey } from "@/lib/db/client-keys";
import { forgetCachedIngestKeys } from "@/lib/hosting/node-ingest-runtime";
import {
  changeIngestRateLimit,
  configureErrorTracking,
  connectToSentry,
  IngestRateLimit,
  SentryApiUrl,
  SentrySlug,
  SentryToken,
  type ErrorTrackingChoice,
  type SentryProjectChoice,
  type SettingsFieldErrors,
  type SettingsResult,
} from "@/lib/errors/error-tracking-settings";
import { formatLegacyDsn } from "@/lib/projects/dsn";

// The settings page's server actions, minus the Next.js plumbing: each takes the signed-in
// user (or null) as the action found it, checks "settings:manage" on the project itself — a
// forged action from a Developer is refused here, whatever the page showed — parses the form
// and calls lib/errors/error-tracking-settings. The actions in
// app/(signed-in)/projects/[slug]/settings/monitor/actions.ts only add the session and revalidate.

export type SettingsFormState =
  | null
  | { ok: true; message: string }
  | { ok: false; message: string; fieldErrors: SettingsFieldErrors };

export type ConnectFormState =
  | null
  | { ok: true; message: string; projects: SentryProjectChoice[] }
  | { ok: false; message: string; fieldErrors: SettingsFieldErrors };

export type ClientKeyActionState = null | { ok: true; message: string } | { ok: false; message: string };

export type LegacyDsnResult = { ok: true; dsn: string } | { ok: false; message: string };

type Refusal = { ok: false; message: string; fieldErrors: SettingsFieldErrors };

const Checkbox = z.literal("on").optional().transform((value) => value === "on");

/** The value lib/errors/sentry-project-option.ts wrote: `organization/project`. */
const ProjectOption = z
  .string({ error: "Choose a project" })
  .min(1, "Choose a project")
  .transform((value, ctx) => {
    const [organizationSlug, slug, ...rest] = value.split("/");
    const org = SentrySlug.safeParse(organizationSlug);
    const project = SentrySlug.safeParse(slug);
    if (rest.length > 0 || !org.success || !project.success) {
      ctx.addIssue({ code: "custom", message: "Choose a project from the list" });
      return z.NEVER;
    }
    return { organizationSlug: org.data, slug: project.data };
  });

/** Blank: no limit. */
const RateLimitField = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number of events per minute, or leave it empty for no limit" });
      return z.NEVER;
    }
    return Number(value);
  })
  .pipe(IngestRateLimit);

const SettingsForm = z.discriminatedUnion("backend", [
  z.object({ backend: z.literal("integrated"), active: Checkbox, rateLimit: RateLimitField.optional() }),
  z.object({
    backend: z.literal("sentry"),
    active: Checkbox,
    apiUrl: SentryApiUrl,
    token: SentryToken.optional().transform((token) => token ?? null),
    project: ProjectOption,
  }),
], { error: "Choose an error tracking backend" });

const ConnectForm = z.object({
  apiUrl: SentryApiUrl,
  token: SentryToken.optional().transform((token) => token ?? null),
});

const KeyId = z.coerce.number().int().positive();

/** A forged action may send anything as its form: that reads as an empty one. */
function formFields(form: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!(form instanceof FormData)) return fields;
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value;
  return fields;
}

function fieldErrorsOf(error: z.ZodError): SettingsFieldErrors {
  const fieldErrors: SettingsFieldErrors = {};
  for (const issue of error.issues) {
    const field = (issue.path[0] ?? "backend") as keyof SettingsFieldErrors;
    fieldErrors[field] ??= issue.message;
  }
  return fieldErrors;
}

function refusedInput(fieldErrors: SettingsFieldErrors): Refusal {
  return { ok: false, message: "Check the highlighted fields.", fieldErrors };
}

/** `slug` comes from the client as a bound argument: anything but a string is no project. */
async function authorize(user: SessionUser | null, slug: unknown) {
  const access =
    typeof slug === "string" ? await requireProject(user, slug, "settings:manage") : ({ ok: false, error: { kind: "not-found" } } as const);
  if (access.ok) return { ok: true as const, project: access.value.project };
  const message =
    access.error.kind === "forbidden"
      ? "Only Maintainers and Owners can change error tracking settings."
      : "Project not found.";
  return { ok: false as const, message };
}

function refusalOf<T>(result: Extract<SettingsResult<T>, { ok: false }>): Refusal {
  const failure = result.error;
  if (failure.kind === "invalid") return { ok: false, message: failure.message, fieldErrors: failure.fieldErrors };
  return { ok: false, message: `Sentry could not be reached: ${failure.message}`, fieldErrors: {} };
}

/** Save changes. */
export async function submitSettingsForm(user: SessionUser | null, slug: string, form: FormData): Promise<SettingsFormState> {
  const access = await authorize(user, slug);
  if (!access.ok) return { ok: false, message: access.message, fieldErrors: {} };
  const parsed = SettingsForm.safeParse(formFields(form));
  if (!parsed.success) return refusedInput(fieldErrorsOf(parsed.error));

  const input = parsed.data;
  const choice: ErrorTrackingChoice =
    input.backend === "integrated"
      ? { backend: "integrated", active: input.active }
      : { backend: "sentry", active: input.active, apiUrl: input.apiUrl, token: input.token, project: input.project };
  const saved = await configureErrorTracking(access.project.id, choice);
  if (!saved.ok) return refusalOf(saved);
  if (input.backend === "integrated" && input.rateLimit !== undefined) {
    await changeIngestRateLimit(access.project.id, input.rateLimit);
  }
  return { ok: true, message: "Error tracking settings saved." };
}

/** Connect: lists the Sentry projects for the Project dropdown. */
export async function submitConnectForm(user: SessionUser | null, slug: string, form: FormData): Promise<ConnectFormState> {
  const access = await authorize(user, slug);
  if (!access.ok) return { ok: false, message: access.message, fieldErrors: {} };
  const parsed = ConnectForm.safeParse(formFields(form));
  if (!parsed.success) return refusedInput(fieldErrorsOf(parsed.error));
  const projects = await connectToSentry(access.project.id, parsed.data);
  if (!projects.ok) return refusalOf(projects);
  const count = projects.value.length;
  const message =
    count === 0
      ? "Connected, but this token cannot see any Sentry project."
      : `Connected: ${count} ${count === 1 ? "project" : "projects"} found. Choose one, then Save changes.`;
  return { ok: true, message, projects: projects.value };
}

export async function addClientKey(user: SessionUser | null, slug: string): Promise<ClientKeyActionState> {
  const access = await authorize(user, slug);
  if (!access.ok) return access;
  await createClientKey(access.project.id);
  return { ok: true, message: "Client key created." };
}

export async function removeClientKey(user: SessionUser | null, slug: string, keyId: unknown): Promise<ClientKeyActionState> {
  const access = await authorize(user, slug);
  if (!access.ok) return access;
  const id = KeyId.safeParse(keyId);
  if (!id.success) return { ok: false, message: "Client key not found." };
  const revoked = await revokeClientKey(access.project.id, id.data);
  forgetCachedIngestKeys();
  return revoked.ok ? { ok: true, message: "Client key revoked." } : { ok: false, message: "Client key not found." };
}

/** The `public:secret@` DSN old raven clients need, only on request and only to Maintainer+. */
export async function revealLegacyDsn(user: SessionUser | null, slug: string, keyId: unknown): Promise<LegacyDsnResult> {
  const access = await authorize(user, slug);
  if (!access.ok) return access;
  const id = KeyId.safeParse(keyId);
  const key = id.success ? await findClientKeySecret(access.project.id, id.data) : null;
  if (!key) return { ok: false, message: "Client key not found." };
  return { ok: true, dsn: formatLegacyDsn(key.publicKey, key.secretKey, access.project.id, getConfig().publicUrl) };
}
